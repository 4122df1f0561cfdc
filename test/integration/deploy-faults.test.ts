/**
 * Faults during `deploy` on real test hosts: a host powered off in the middle of its package
 * transfer, a port already taken, an abort during start-up. Each time the failure is explained,
 * the rest gets as far as it can, and running the same command again completes the deployment.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deployProcesses, transferUnderWay } from '../helpers/deploy-processes.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('deploy-faults');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const fastRaft = { controller: { raftElectionTick: 100 } };
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  // Big enough that a transfer is still running when the test pulls the plug.
  packageFile = standInPackage(dir, '2.00.11.3', 96 * 1024 * 1024);
});
afterAll(() => resetHosts(hosts));
const deploy = deployProcesses(hosts, env);

function allUp(file: string): boolean {
  const result = runCli(['status', '-f', file, '--known-hosts', hosts.knownHostsFile, '--format', 'json']);
  const status = JSON.parse(result.stdout) as { nodes: { state: string }[] };
  return result.status === 0 && status.nodes.every((node) => node.state === 'up');
}

describe('deploy faults', { timeout: 240_000 }, () => {
  it('a host powered off mid-transfer fails clearly, the others complete; after reboot deploy finishes', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'poweroff', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const run = deploy(file);
    // Pull the plug as soon as part of the package has arrived on h3.
    await transferUnderWay(h3, 'poweroff', packageFile);
    await hosts.powerOff(h3);
    const result = await run.done;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/✗ \[P3\] transfer .*(broke off|refused|no answer)/);
    // The other hosts received and unpacked the package.
    expect(result.stdout).toMatch(/✓ \[P1\] unpack server 2\.00\.11\.3: done/);
    expect(result.stdout).toMatch(/✓ \[P2\] unpack server 2\.00\.11\.3: done/);

    await hosts.boot(h3);
    const again = await deploy(file).done;
    expect(again.status, again.stderr).toBe(0);
    // P1 and P2 are not sent the package a second time.
    expect(again.stdout).toMatch(/✓ \[P1\] transfer .*: unchanged \(already unpacked\)/);
    expect(again.stdout).toMatch(/✓ \[P3\] transfer .*: done \(uploaded and verified\)/);
    expect(allUp(file)).toBe(true);
  });

  it('a port already in use: the pre-flight check refuses; taken after the check, the start fails with the documented cause', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'port', { mode: 'cluster', hosts: [h1, h2], packageFile });
    // The cluster template puts agents on base port + 1 (8901).
    await hosts.occupyPort(h2, 8901);
    const refused = await deploy(file).done;
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/✗ P2 +port +8901 \(agent2\) is already in use by another program/);
    expect(refused.stderr).toContain('nothing was changed');
    expect((await hosts.exec(h2, ['test', '-e', testDeployDir])).code).toBe(1);
    await hosts.releasePort(h2, 8901);

    // Taken between the check and the start (another program starting at the same time).
    const run = deploy(file);
    await run.waitForLine(/pre-flight check: 0 errors/, 60_000);
    await hosts.occupyPort(h2, 8901);
    const result = await run.done;
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('✗ [P2] start agent');
    expect(result.stderr).toContain('port 8901 is already in use');
    expect(result.stderr).toContain('Failed to bind the socket on port 8901 with error code 98');

    await hosts.releasePort(h2, 8901);
    const again = await deploy(file).done;
    expect(again.status, again.stderr).toBe(0);
    expect(allUp(file)).toBe(true);
  });

  it('an abort during start-up stops cleanly; running deploy again resumes and finishes', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'abort', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const run = deploy(file);
    await run.waitForLine(/… \[P\d\] start controller/);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.status).toBe(130);
    expect(result.stdout).not.toContain('deployed and verified');

    const again = await deploy(file).done;
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/✓ \[P1\] transfer .*: unchanged/);
    expect(allUp(file)).toBe(true);
  });
});
