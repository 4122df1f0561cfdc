import { describe, expect, it, vi } from 'vitest';
import { App } from '../../source/app/App.js';
import type { WizardState } from '../../source/wizard/wizard-state.js';
import { fakeServices, licenceTyped } from '../helpers/fake-services.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

/*
 * A first-time installer's way through the wizard (issue 13): the licence is said where the layout
 * needs it (item 1), a screen never refuses Enter without saying why nor keeps the user from the
 * field that fixes it (item 3).
 */

function wizard(initial: WizardState, services = fakeServices()) {
  const onExit = vi.fn();
  const screen = render(<App services={services} initial={initial} color={false} onExit={onExit} />, {
    keys: false,
  });
  return { screen, services };
}

/** Collapses wrapping, so a message is found whatever the width cut it into. */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

describe('the wizard never traps the user (item 3)', () => {
  it('lets Layout go on to Options when the version there is what stops compute nodes', async () => {
    const start = stateWith('layout', 'cluster', threeHosts.slice(0, 1), {
      layout: { ...stateWith('layout', 'cluster', []).layout, computenodes: '1', datanodes: '1' },
    });
    const { screen } = wizard({ ...start, options: { ...start.options, version: '1.30.10' } });
    await screen.waitFor('Base port');
    // Layout says the problem is fixed elsewhere, and does not refuse to go there.
    screen.press(keys.enter, keys.enter, keys.enter);
    const options = await screen.waitFor('Cluster name');
    expect(flat(options)).toContain('compute nodes need server 1.30.14 or 2.00.1 and later');
    // Enter through every field: the screen stays and shows why, next to the field that fixes it.
    for (let i = 0; i < 20; i++) screen.press(keys.enter);
    const stopped = await screen.waitFor((frame) => /› Server version +1\.30\.10/.test(frame));
    expect(flat(stopped)).toContain(
      '✗ compute nodes need server 1.30.14 or 2.00.1 and later, but the Server version is 1.30.10',
    );
    expect(stopped).toContain('ddb-setup › Options');
    screen.press(keys.escape);
    await screen.waitFor('Base port');
    screen.press(keys.enter, keys.enter, keys.enter);
    await screen.waitFor('Cluster name');
    screen.press(keys.down, keys.ctrlU, '2.00.11.3');
    await screen.waitFor((frame) => !flat(frame).includes('compute nodes need server'));
    for (let i = 0; i < 20; i++) screen.press(keys.enter);
    await screen.waitFor('built from your answers');
  });

  it('lists on Options the error of an earlier screen that stops Enter, with the screen to go back to', async () => {
    const start = stateWith('options', 'cluster', threeHosts.slice(0, 1));
    const { screen } = wizard({
      ...start,
      // An opened file's clash of ports is Layout's: Options cannot fix it, but must say why Enter stops.
      layout: { ...start.layout, ports: { datanode1: '8900' } },
    });
    const frame = flat(await screen.waitFor('Cluster name'));
    expect(frame).toMatch(/Layout › aliases and ports \(e\) › datanode on P1 \(Esc back\): /);
  });
});

describe('the licence is said where the layout needs it (item 1)', () => {
  it('says on Mode that HA needs more nodes than the community licence, and which modes fit', async () => {
    const start = stateWith('mode', 'single', []);
    const { screen } = wizard({ ...start, mode: undefined, hosts: [] });
    await screen.waitFor('What should the deployment survive?');
    expect(flat(screen.frame())).not.toContain('needs at least');
    screen.press(keys.down, keys.down, keys.down);
    const ha = flat(await screen.waitFor((frame) => flat(frame).includes('HA needs at least')));
    expect(ha).toContain(
      'HA needs at least 3 controllers and 1 data node: 4 nodes; the community licence in the official package allows 3. Give a licence file on Options, or choose Single node or Cluster.',
    );
  });

  it('makes the licence required on Options for HA, says on Layout, and goes on once a licence allows it', async () => {
    const start = stateWith('layout', 'ha', threeHosts);
    const { screen } = wizard({ ...start, options: { ...start.options, license: '' }, licences: {} });
    const layout = flat(await screen.waitFor('Base port'));
    expect(layout).toContain(
      'Licence: 9 nodes exceed the 3 the package’s licence allows: give a licence file on Options, or choose Single node or Cluster on Mode',
    );
    screen.press(keys.enter, keys.enter, keys.enter, keys.enter);
    const options = flat(await screen.waitFor('Cluster name'));
    expect(options).toContain("Licence file none: the package's (3 nodes, 8 GB per node)");
    for (let i = 0; i < 15; i++) screen.press(keys.enter);
    await screen.waitFor('› Public name P3');
    screen.press(keys.enter);
    // Enter stops at the licence, and says why under the field.
    await screen.waitFor(
      (frame) =>
        /› Licence file/.test(frame) && flat(frame).includes('give a licence file that allows 9 nodes here'),
    );
    // The refused Enter brought the licence field into focus: it is typed there.
    screen.press(licenceTyped);
    const read = flat(await screen.waitFor('This licence allows 40 nodes'));
    expect(read).toContain('This licence allows 40 nodes, 64 GB per node, until 2042.01.01 (ACME Corp).');
    expect(read).not.toContain('give a licence file');
    for (let i = 0; i < 20; i++) screen.press(keys.enter);
    await screen.waitFor('built from your answers');
  });

  it('says why a licence file that cannot be read stops the deployment', async () => {
    const start = stateWith('options', 'ha', threeHosts);
    const { screen } = wizard({
      ...start,
      options: { ...start.options, license: './missing.lic' },
      licences: {},
    });
    const frame = flat(await screen.waitFor('cannot read ./missing.lic'));
    expect(frame).toContain(
      'cannot read ./missing.lic: no such file; give the path of the licence file DolphinDB sent you',
    );
  });

  it('offers a cluster over the licence fewer data nodes, with the number that fits', async () => {
    const start = stateWith('layout', 'cluster', threeHosts);
    const { screen } = wizard({ ...start, layout: { ...start.layout, datanodes: '2' } });
    const frame = flat(await screen.waitFor('Base port'));
    expect(frame).toContain(
      'Licence: 7 nodes exceed the 3 the package’s licence allows: give a licence file on Options, or keep 2 data or compute nodes in total',
    );
  });
});

describe('fields stay put while one is invalid (item 8)', () => {
  it('keeps the other counts and the diagram on Layout while a count is invalid', async () => {
    const { screen } = wizard(stateWith('layout', 'ha', threeHosts));
    await screen.waitFor('◆ controller3 :8800');
    screen.press(keys.down, 'x');
    const frame = await screen.waitFor('give a whole number from 0 to 64');
    expect(frame).toMatch(/Controllers +3/);
    expect(frame).toMatch(/Compute nodes per host +1/);
    expect(frame).toMatch(/Base port +8800/);
    expect(frame).toContain('◆ controller3 :8800');
  });

  it('keeps single mode’s fields while the package URL is empty', async () => {
    const start = stateWith('options', 'single', threeHosts.slice(0, 1));
    const { screen } = wizard(start);
    const before = await screen.waitFor('Cluster name');
    const labels = (frame: string) => frame.match(/(Volumes \S+|Public name \S+|Replication factor)/g) ?? [];
    screen.press(keys.down, keys.down, keys.right);
    const frame = await screen.waitFor('Package URL');
    expect(flat(frame)).toContain('give the package URL or file');
    for (const key of [
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
    ])
      screen.press(key);
    const scrolled = await screen.waitFor('Public name P1');
    expect(labels(scrolled)).toEqual(['Volumes local8848', 'Public name P1']);
    expect(before).not.toContain('Replication factor');
  });
});

describe('the wizard’s words (item 12)', () => {
  it('says in the Preview help how a new host key is accepted, as the deployment does it', async () => {
    const { screen } = wizard(stateWith('preview', 'single', ['10.0.0.80']));
    await screen.waitFor('built from your answers');
    screen.press('?');
    const help = flat((await screen.waitFor('Host keys:')).replace(/│/g, ''));
    expect(help).toContain(
      'Host keys: a server new to ~/.ssh/known_hosts shows its key’s SHA256 fingerprint when Hosts tests it (t); new keys are accepted and remembered there, with no question per key, once you confirm the deployment (Enter, then y); a changed key always stops.',
    );
  });

  it('shows examples as examples, and names fields instead of flags and file paths', async () => {
    const start = stateWith('hosts', 'ha', ['10.0.0.80', '10.0.0.81']);
    const { screen } = wizard({
      ...start,
      hosts: [...start.hosts, { ...(start.hosts[0] as WizardState['hosts'][0]), id: 3, address: '' }],
      nextHostId: 4,
    });
    const frame = flat(await screen.waitFor('The servers to deploy on'));
    expect(frame).not.toContain('--');
    screen.press(keys.down, keys.down, keys.enter);
    const editor = await screen.waitFor('Intranet address');
    expect(editor).toMatch(/Intranet address +e\.g\. 10\.0\.0\.80/);
  });
});
