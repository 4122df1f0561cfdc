/**
 * The wizard at 30 hosts in a real terminal (issue 16 item 4): the built program in tmux at 80×24,
 * 30 addresses pasted into the Hosts screen as one paste, then Layout, Options, Preview and the
 * pre-flight check, an HA deployment onto 30 test hosts with the stand-in package (3 controllers,
 * an agent and a data node on each host, no compute nodes), and the Results screen with the web
 * consoles. Every frame captured on the way, the Deploy screen's above all, fits in the terminal:
 * its title on the first row and nothing pushed into the history above it.
 *
 * The harness's 3 hosts are replaced by 30 for this file and given back after it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { standInPackage, testDeployDir, testDir } from '../helpers/deploy-fixture.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { startTestHosts, testHostsFrom, type TestHosts } from '../helpers/test-hosts.js';
import { Terminal } from '../helpers/tmux.js';

const rows = 24;
const columns = 80;
const original = testHostsFrom(inject('testHosts'));
const dir = testDir('wizard-thirty');
const terminals: Terminal[] = [];
let hosts: TestHosts;

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count: 30 });
}, 180_000);

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

afterAll(async () => {
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 180_000);

/**
 * A licence for 63 processes (3 controllers, 30 agents, 30 data nodes) and more: the stand-in
 * reads the community licence's layout, as the benches' licence does.
 */
function licence(): string {
  const file = join(dir, 'thirty.lic');
  writeFileSync(file, '2042.01.01,16,8,200,ddb-setup tests (stand-in licence),0,-1,,3\n');
  return file;
}

/**
 * The frame `all` (Terminal.captureAll: the pane and its history) fits: at most `rows` lines, none
 * wider than the terminal, and `title` on the first row, so that nothing was pushed off the top.
 */
function expectFits(all: string, title: RegExp): string {
  const lines = all.split('\n');
  expect(lines.length, all).toBeLessThanOrEqual(rows);
  expect(lines[0], all).toMatch(title);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
  return all;
}

describe('the wizard with 30 hosts at 80×24', { timeout: 600_000 }, () => {
  it('a pasted column of 30 addresses, an HA deployment onto them, every frame within the terminal', async () => {
    const key = hosts.host(1).identityFile;
    const cwd = mkdtempSync(join(dir, 'run-'));
    const t = new Terminal({
      // The SSH answers every host shares, and the Options, as flags: the hosts are pasted.
      args: [
        'wizard',
        ...['--mode', 'ha', '--name', 'w30', '--computenodes', '0'],
        ...['--ssh-user', 'root', '--identity-file', key],
        ...['--package', standInPackage(dir), '--license', licence(), '--deploy-dir', testDeployDir],
        ...['--known-hosts', hosts.knownHostsFile],
      ],
      cwd,
      columns,
      rows,
      env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config') },
    });
    terminals.push(t);
    const addresses = hosts.hosts.map((host) => host.address);
    expect(addresses).toHaveLength(30);

    // Hosts: the first host's editor is open; the column goes into its address field in one paste.
    await t.waitFor('Host P1');
    t.paste(`${addresses.join('\n')}\n`);
    const list = await t.waitFor('Continue →');
    expectFits(t.captureAll(), /ddb-setup › Hosts/);
    expect(list).toMatch(/› P1 +10\.250\.0\.\d+ +root@/);
    expect(list).toMatch(/↓ \d+ more/);
    // In order, each its own host: the last one is P30, with the last address.
    t.keys('End', 'Up', 'Up');
    const last = await t.waitFor((screen) => /› P30 /.test(screen));
    expect(last).toContain(`P30 ${addresses[29]} `);
    expectFits(t.captureAll(), /ddb-setup › Hosts/);

    // Layout (compute nodes 0 given), Options (every answer given): on to Preview.
    t.keys('End', 'Enter');
    const layout = await t.waitFor('Base port');
    expectFits(t.captureAll(), /ddb-setup › Layout/);
    expect(layout).toMatch(/… \d+ more hosts/);
    t.keys('Enter', 'Enter', 'Enter', 'Enter');
    await t.waitFor('Cluster name');
    expectFits(t.captureAll(), /ddb-setup › Options/);
    for (let i = 0; i < 8; i++) t.keys('PageDown');
    await t.waitFor('› Public name P30');
    expectFits(t.captureAll(), /ddb-setup › Options/);
    t.keys('Enter');
    const preview = await t.waitFor('Cluster w30 · ha');
    expectFits(t.captureAll(), /ddb-setup › Preview/);
    expect(preview).toContain('30 hosts · 63 processes');
    expect(preview).not.toContain('✗');
    t.keys('Enter');
    await t.waitFor('deploy now?');
    t.keys('y');

    // The Deploy screen's key hints (its last line).
    const deployHints = /^↑↓ pane · Enter (open|log|results)/m;
    // The pre-flight check of 30 hosts goes on by itself, or asks to go on past warnings.
    const checked = await t.waitFor(
      (screen) =>
        screen.includes('Enter deploys anyway') ||
        screen.includes('stop the deployment') ||
        deployHints.test(screen),
      180_000,
    );
    expect(checked).not.toContain('stop the deployment');
    if (checked.includes('Enter deploys anyway')) t.keys('Enter');

    // Deploy: every frame captured until the results, each within the terminal. A Deploy frame is
    // known by its key hints (the last line), so that one taller than the terminal, its title pushed
    // off the top, is still checked, and fails here.
    await t.waitFor((screen) => deployHints.test(screen), 60_000);
    const deadline = Date.now() + 420_000;
    let frames = 0;
    let summaries = 0;
    for (;;) {
      const screen = t.captureAll();
      if (screen.includes('Deployed and verified.')) break;
      if (deployHints.test(screen)) {
        expectFits(screen, /^ddb-setup › Deploy w30 \(ha\) → 30 hosts$/);
        frames += 1;
        if (/^30 hosts: \d+ working · \d+ failed · \d+ done/m.test(screen)) summaries += 1;
        // No host fails here: a failure would be on the first pane line, with its cause.
        expect(screen, screen).not.toContain('r runs again');
      }
      if (Date.now() > deadline) throw new Error(`no results within 420 s; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(frames).toBeGreaterThan(20);
    expect(summaries).toBe(frames);

    // Results: the web consoles, leader first, within the terminal.
    const results = expectFits(t.captureAll(), /ddb-setup › Results/);
    expect(results).toMatch(/Web console +http:\/\/10\.250\.0\.\d+:8800 controller\d, leader/);
    expect(results.match(/http:\/\/10\.250\.0\.\d+:8800 controller\d, follower/g)).toHaveLength(2);
    expect(results).toContain('highAvailabilitySites=[');
    t.keys('q');
    await t.waitFor('EXIT=0');
  });
});
