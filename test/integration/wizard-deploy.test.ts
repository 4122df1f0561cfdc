/**
 * The wizard end to end in a real terminal (tmux driving the built binary) onto the test hosts
 * with the stand-in server package: a single node from the first key to the results screen, and
 * an HA deployment that loses a host mid-way, shows the failure, and succeeds on retry once the
 * host is back (issue 5).
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  testLicence,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';
import { Terminal } from '../helpers/tmux.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('wizard-deploy');
const terminals: Terminal[] = [];

beforeAll(() => {
  assertBuilt();
});
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});
afterAll(() => resetHosts(hosts));

function open(args: string[]): { terminal: Terminal; cwd: string } {
  const cwd = mkdtempSync(join(dir, 'run-'));
  const terminal = new Terminal({
    args: [...args, '--known-hosts', hosts.knownHostsFile],
    cwd,
    columns: 100,
    rows: 30,
    env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config') },
  });
  terminals.push(terminal);
  return { terminal, cwd };
}

/**
 * The pre-flight check screen: it goes on by itself when every check passes; with warnings (the
 * test hosts share this machine's open files limit, which may be below DolphinDB's recommendation)
 * Enter deploys. An error would stop the test here with the screen showing it.
 */
async function passCheck(t: Terminal): Promise<void> {
  const screen = await t.waitFor(
    (text) =>
      text.includes('Enter deploys anyway') ||
      text.includes('stop the deployment') ||
      /^\s*Deploy \S+ \(/m.test(text),
    60_000,
  );
  expect(screen).not.toContain('stop the deployment');
  if (screen.includes('Enter deploys anyway')) t.keys('Enter');
}

describe('the wizard deploys onto test hosts', { timeout: 240_000 }, () => {
  it('single node: from the first key to the results screen', async () => {
    await resetHosts(hosts);
    const packageFile = standInPackage(dir);
    const licence = testLicence(dir);
    const { terminal: t, cwd } = open(['wizard']);
    await t.waitFor('Start a new deployment');
    t.keys('Enter');
    await t.waitFor('What should the deployment survive?');
    t.keys('Enter');
    await t.waitFor('Host P1');
    t.type(h1.address);
    t.keys('Tab', 'Tab');
    t.type('root');
    t.keys('Tab', 'Tab', 'Right');
    await t.waitFor('Key file');
    t.keys('Tab');
    t.type(h1.identityFile);
    // Enter moves on to the host's own deploy directory (empty: the one of Options); Enter on that
    // last field saves the host and tests the connection as deploy will.
    t.keys('Enter');
    await t.waitFor('› Deploy dir');
    t.keys('Enter');
    await t.waitFor('✓ connected as root');
    t.keys('Down', 'Down', 'Enter');
    await t.waitFor('local8848 :8848');
    t.keys('Enter');
    await t.waitFor('Cluster name');
    t.type('wsingle');
    t.keys('Tab', 'Tab', 'Right', 'Right');
    await t.waitFor('Package file');
    t.keys('Tab');
    t.type(packageFile);
    t.keys('Tab');
    t.type(licence);
    t.keys('Tab');
    t.type(testDeployDir);
    for (let i = 0; i < 6; i++) t.keys('Enter');
    const preview = await t.waitFor('Cluster wsingle · single');
    expect(preview).not.toContain('✗');
    t.keys('Enter');
    await t.waitFor('deploy now?');
    t.keys('y');
    await passCheck(t);
    await t.waitFor('Deploy wsingle (single)');
    const results = await t.waitFor('Deployed and verified.', 120_000);
    expect(results).toContain(`http://${h1.address}:8848`);
    expect(results).toMatch(/Topology +.*wsingle\.yaml/);
    expect(results).toContain("The admin password is still DolphinDB's default");
    // The file the wizard saved is the one the commands read: status finds the node up.
    const status = runCli(['status', '-f', join(cwd, 'wsingle.yaml'), '--known-hosts', hosts.knownHostsFile]);
    expect(status.status, status.stdout + status.stderr).toBe(0);
    t.keys('q');
    await t.waitFor('EXIT=0');
  });

  it('ha: a host powered off mid-way shows its failure, and retry succeeds once it is back', async () => {
    await resetHosts(hosts);
    // A package large enough (400 MiB) that the transfers are still running when the host goes away.
    const packageFile = standInPackage(mkdtempSync(join(dir, 'big-')), '2.00.11.3', 400 * 1024 * 1024);
    const file = writeTestTopology(dir, 'wha', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: { controller: { raftElectionTick: 100 } },
    });
    const { terminal: t } = open(['wizard', '-f', file]);
    await t.waitFor('Cluster wha · ha');
    t.keys('Enter');
    await t.waitFor('deploy now?');
    t.keys('y');
    await passCheck(t);
    // While the hosts receive the package (all at once): P3 goes away in the middle of its transfer.
    await t.waitFor('transfer DolphinDB', 60_000);
    await hosts.powerOff(h3);
    const failed = await t.waitFor('r runs again', 120_000);
    expect(failed).toMatch(/✗ P3 /);
    expect(failed).toMatch(/✓ P1 |· P1 |- P1 /);
    await hosts.boot(h3);
    t.keys('r');
    const results = await t.waitFor('Deployed and verified.', 180_000);
    expect(results).toMatch(/Web console +http:\/\/10\.250\.0\.\d+:8800 controller\d, leader/);
    expect(results).toContain('highAvailabilitySites=[');
  });
});
