/**
 * `stop` with one host black-holed (its network cut: connections to it time out): every process on
 * the other hosts is stopped, seen gone with `ps` on those hosts, the lost host's processes are
 * named with the connection's reason and left alone, and the exit code is 1. Once that host has
 * been power-cycled and is back, the same command completes: nothing is left running anywhere.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom, type TestHost } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('stop-host-lost');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const known = ['--known-hosts', hosts.knownHostsFile];
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir);
});
afterAll(() => resetHosts(hosts));

/** The aliases of the DolphinDB processes running on a host, from `ps` (each logs to <alias>.log). */
async function running(host: TestHost): Promise<string[]> {
  const ps = await hosts.exec(host, ['ps', '-eo', 'args']);
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(`${testDeployDir}/`))
    .map((line) => /-logFile \S*\/([^/\s]+)\.log/.exec(line)?.[1])
    .filter((alias): alias is string => alias !== undefined)
    .sort();
}

describe('stop with a host gone', { timeout: 300_000 }, () => {
  it('stops everything reachable in order, names what it could not reach, exits 1; completes once the host is back', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'stoplost', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: { controller: { raftElectionTick: 100 } },
    });
    const deployed = await startCli(['deploy', '-f', file, '--yes', ...known], env).done;
    expect(deployed.status, deployed.stderr).toBe(0);
    const onH3 = await running(h3);
    expect(onH3).toEqual(['agent3', 'computenode3', 'controller3', 'datanode3']);
    expect(await running(h1)).toHaveLength(4);

    await hosts.cut(h3);
    try {
      const stop = await startCli(['stop', '-f', file, ...known], env).done;
      expect(stop.status, stop.stdout + stop.stderr).toBe(1);
      // Everything reachable is gone, controllers included.
      expect(await running(h1)).toEqual([]);
      expect(await running(h2)).toEqual([]);
      expect(stop.stdout).toMatch(/✓ \[P1\] stop controller controller1: done/);
      expect(stop.stdout).toMatch(/✓ \[P2\] stop agent agent2: done/);
      expect(stop.stdout).not.toContain('not run');
      // The lost host's processes were not touched, and each is named with why.
      expect(await running(h3)).toEqual(onH3);
      const why = /P3 \(root@10\.250\.0\.13:22\): no answer/;
      expect(stop.stderr).toMatch(
        /✗ \[cluster\] stop 6 data and compute nodes: 4 stopped, 2 not reached: datanode3, computenode3 \(P3 /,
      );
      expect(stop.stderr).toMatch(/✗ \[P3\] stop agent agent3: agent3 not stopped: P3 /);
      expect(stop.stderr).toMatch(/✗ \[P3\] stop controller controller3: controller3 not stopped: P3 /);
      expect(stop.stderr).toMatch(why);
      expect(stop.stderr).toMatch(
        /4 not stopped, their hosts could not be reached:\n {4}datanode3, computenode3, agent3, controller3: P3 \(root@10\.250\.0\.13:22\): no answer/,
      );
    } finally {
      await hosts.restore(h3);
    }

    // The host was off meanwhile (power-cycled): with no controller left to lead, nothing is
    // running, and stop says so instead of failing for want of a leader.
    await hosts.powerOff(h3);
    await hosts.boot(h3);
    const again = await startCli(['stop', '-f', file, ...known, '--format', 'json'], env).done;
    expect(again.status, again.stderr + again.stdout).toBe(0);
    const report = JSON.parse(again.stdout) as { ok: boolean; notReached: unknown[] };
    expect(report).toMatchObject({ ok: true, notReached: [] });
    for (const host of [h1, h2, h3]) expect(await running(host)).toEqual([]);
  });
});
