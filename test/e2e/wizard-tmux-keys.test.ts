import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tmuxSuite } from '../helpers/tmux-suite.js';
import type { Terminal } from '../helpers/tmux.js';

const suite = tmuxSuite('ddb-setup-keys-e2e');

/** The built wizard in a fresh tmux terminal, with its own config and working directory. */
function open(columns = 80, rows = 24, args: string[] = []): Terminal {
  const cwd = mkdtempSync(join(suite.workDir(), 'run-'));
  const terminal = suite.terminal({
    args,
    cwd,
    columns,
    rows,
    env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config') },
  });
  return terminal;
}

/** The value shown in the Hosts editor's address field. */
function address(screen: string): string | undefined {
  return /› Intranet address +(\S*)/.exec(screen)?.[1];
}

describe('the wizard in a real terminal: key bursts and resizing (tmux, built binary)', () => {
  it('handles every key of a burst read at once: Backspaces, a run of DEL, Ctrl-U then text', async () => {
    const t = open();
    await t.waitFor('Start a new deployment');
    t.keys('Enter');
    await t.waitFor('What should the deployment survive?');
    t.keys('Enter');
    await t.waitFor('Host P1');
    t.type('xyz');
    await t.waitFor((s) => address(s) === 'xyz');
    t.burst('\u007f\u007f');
    await t.waitFor((s) => address(s) === 'x');
    t.type('10.0.0.800');
    await t.waitFor((s) => address(s) === 'x10.0.0.800');
    t.burst('\u007f'.repeat(5));
    await t.waitFor((s) => address(s) === 'x10.0.');
    t.type('2,1');
    await t.waitFor((s) => address(s) === 'x10.0.2,1');
    t.burst('\u0015abc');
    await t.waitFor((s) => address(s) === 'abc');
    // Text, a Backspace and Tab in one read: the Tab moves on after the edit.
    t.burst('\u0015127.0.0.11\u007f\t');
    const moved = await t.waitFor('› SSH address');
    expect(moved).toMatch(/Intranet address +127\.0\.0\.1$/m);
  });

  it('Layout lists 10 hosts at 80×24 in the rows it has, and Options scrolls with no empty rows', async () => {
    const file = join(suite.workDir(), 'ten.yaml');
    const addresses = Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 1}`).join(',');
    // HA on 10 servers needs more nodes than the community licence allows: the customer's licence.
    const licence = join(suite.workDir(), 'acme.lic');
    writeFileSync(licence, '2042.01.01,64,32,40,ACME Corp\n');
    writeFileSync(
      file,
      runCli(['template', '--mode', 'ha', '--hosts', addresses, '--name', 'ten', '--license', licence])
        .stdout,
    );
    const t = open(80, 24, ['wizard', '-f', file]);
    await t.waitFor('Cluster ten · ha');
    t.keys('Escape');
    const options = await t.waitFor('Cluster name');
    // The frame fills every row but the last, where Ink leaves the cursor.
    expect(options.split('\n')).toHaveLength(23);
    expect(options).toMatch(/↓ \d+ more/);
    t.keys('Escape');
    const layout = await t.waitFor('Base port');
    for (let i = 1; i <= 10; i++) expect(layout).toMatch(new RegExp(`^P${i} 10\\.0\\.0\\.${i} `, 'm'));
    expect(layout).not.toContain('more host');
  });

  it('after narrowing from 160 to 80 columns no old line stays above the next screens', async () => {
    const t = open(160, 30);
    await t.waitFor('Start a new deployment');
    t.resize(80, 30);
    const titleOnce = (screen: string, title: string) =>
      screen.split('\n')[0]?.startsWith(`ddb-setup › ${title}`) === true &&
      screen.split('\n').filter((line) => line.startsWith('ddb-setup › ')).length === 1;
    const narrowed = await t.waitFor(
      (s) => titleOnce(s, 'Welcome') && s.split('\n').every((line) => line.length <= 80),
    );
    expect(narrowed).toContain('Start a new deployment');
    t.keys('Enter');
    const mode = await t.waitFor('What should the deployment survive?');
    expect(titleOnce(mode, 'Mode'), mode).toBe(true);
    t.keys('Enter');
    const hosts = await t.waitFor('Host P1');
    expect(titleOnce(hosts, 'Hosts'), hosts).toBe(true);
    for (const line of hosts.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
