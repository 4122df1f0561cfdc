import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmuxSuite } from '../helpers/tmux-suite.js';
import type { Terminal } from '../helpers/tmux.js';

/*
 * Issue 13 in a real terminal (the built binary in tmux): the licence is asked for where the
 * layout needs it (item 1), and the wizard never traps the user (item 3).
 */

const suite = tmuxSuite('ddb-setup-flow-e2e');

/** The wizard in a fresh 80×24 tmux terminal with its own config and working directory. */
function open() {
  const cwd = mkdtempSync(join(suite.workDir(), 'run-'));
  const terminal = suite.terminal({ args: [], cwd, env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config') } });
  return { t: terminal, cwd };
}

/** Joins wrapped lines, so that a message is found whatever the width cut it into. */
const flat = (screen: string) => screen.replace(/\s+/g, ' ');

/** Down past the end of any form: focus stays on its last field. */
function toLastField(t: Terminal) {
  for (let i = 0; i < 30; i++) t.keys('Down');
}

/** Welcome → Mode (the n-th choice) → one host at 127.0.0.1 → Layout. */
async function toLayout(t: Terminal, downs: number) {
  await t.waitFor('Start a new deployment');
  t.keys('Enter');
  await t.waitFor('What should the deployment survive?');
  for (let i = 0; i < downs; i++) t.keys('Down');
  return async () => {
    t.keys('Enter');
    await t.waitFor('Host P1');
    t.type('127.0.0.1');
    t.keys('Escape');
    await t.waitFor('+ add a host');
    t.keys('Down', 'Down', 'Enter');
    await t.waitFor('Base port');
  };
}

describe('a first-time installer in a real terminal', () => {
  it('is told on Mode, Layout and Options that pseudo-HA needs a licence file, and goes on once given', async () => {
    const { t, cwd } = open();
    const onward = await toLayout(t, 2);
    const mode = flat(await t.waitFor((s) => flat(s).includes('Pseudo-HA needs at least')));
    expect(mode).toContain(
      'Pseudo-HA needs at least 3 controllers and 1 data node: 4 nodes; the community licence in the official package allows 3. Give a licence file on Options, or choose Single node or Cluster.',
    );
    await onward();
    const layout = flat(t.capture());
    expect(layout).toContain(
      'Licence: 6 nodes exceed the 3 the package’s licence allows: give a licence file on Options, or choose Single node or Cluster on Mode',
    );
    t.keys('Enter', 'Enter', 'Enter', 'Enter');
    await t.waitFor('Cluster name');
    // Enter on the last field: the form stops at the licence field and says why there.
    toLastField(t);
    t.keys('Enter');
    const stopped = await t.waitFor(
      (s) => /› Licence file/.test(s) && flat(s).includes('give a licence file that allows 6 nodes here'),
    );
    expect(stopped.split('\n')[0]).toMatch(/^ddb-setup › Options/);
    // What the package's licence allows, on the field's one line at 80 columns.
    expect(stopped).toMatch(/› Licence file +none: the package's \(3 nodes, 8 GB per node\)\n/);
    writeFileSync(join(cwd, 'acme.lic'), '2042.01.01,64,32,12,ACME Corp\n');
    t.type('./acme.lic');
    const read = flat(await t.waitFor('This licence allows 12 nodes'));
    expect(read).toContain('This licence allows 12 nodes, 64 GB per node, until 2042.01.01 (ACME Corp).');
    expect(read).not.toContain('give a licence file');
    toLastField(t);
    t.keys('Enter');
    const preview = await t.waitFor('ddb-setup › Preview');
    expect(preview).toContain('license: ./acme.lic');
    t.keys('C-c');
    await t.waitFor('Quit and lose the answers?');
    t.keys('C-c');
    await t.waitFor('EXIT=130');
  });

  it('never traps: compute nodes on version 1.30.10 let Layout go on to Options, where the version is fixed', async () => {
    const { t } = open();
    const onward = await toLayout(t, 1);
    await onward();
    // Cluster on one host: one data node and a compute node.
    t.keys('Down');
    t.type('1');
    t.keys('Enter', 'Enter');
    await t.waitFor('Cluster name');
    t.keys('Down');
    t.type('1.30.10');
    await t.waitFor((s) => flat(s).includes('compute nodes need server 1.30.14 or 2.00.1 and later'));
    // Esc back to Layout and forward again: Layout shows nothing of its own to stop it.
    t.keys('Escape');
    await t.waitFor('Base port');
    t.keys('Enter', 'Enter', 'Enter');
    await t.waitFor('Cluster name');
    // Enter on the last field of Options stops at the version, focused, with the reason beside it.
    toLastField(t);
    t.keys('Enter');
    const stopped = await t.waitFor((s) => /› Server version +1\.30\.10/.test(s));
    expect(flat(stopped)).toContain('but the Server version is 1.30.10');
    t.keys('C-u');
    t.type('2.00.11.3');
    await t.waitFor((s) => !flat(s).includes('compute nodes need server'));
    toLastField(t);
    t.keys('Enter');
    const preview = await t.waitFor('ddb-setup › Preview');
    expect(preview).toContain('Cluster ddb · cluster · DolphinDB 2.00.11.3 · 1 host · 4 processes');
  });
});
