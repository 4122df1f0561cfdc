import { licenceTyped } from './fake-services.js';
import { keys } from './keys.js';
import type { Rendered } from './render.js';

/** Welcome → HA → three hosts → Layout → Options → Preview, as a user types it. */
export async function toPreview(screen: Rendered) {
  await screen.waitFor('Start a new deployment');
  screen.press(keys.enter);
  await screen.waitFor('What should the deployment survive?');
  screen.press(keys.down, keys.down, keys.down, keys.enter);
  await screen.waitFor('Host P1');
  screen.press('10.0.0.80', keys.escape);
  await screen.waitFor('+ add a host');
  screen.press('a', '10.0.0.81', keys.escape, 'a', '10.0.0.82', keys.escape);
  await screen.waitFor('10.0.0.82');
  screen.press(keys.down, keys.down, keys.enter);
  await screen.waitFor('Base port');
  screen.press(keys.enter, keys.enter, keys.enter, keys.enter);
  await screen.waitFor('Cluster name');
  screen.press('demo');
  // HA needs more nodes than the community licence allows: the licence file is asked for.
  screen.press(keys.down, keys.down, keys.down, licenceTyped);
  await screen.waitFor('This licence allows 40 nodes');
  for (let i = 0; i < 15; i++) screen.press(keys.enter);
  await screen.waitFor('topology file');
}
