/**
 * `status` reports what it saw, never what it did not (issue: status/locking reliability, item 1):
 * on a healthy HA cluster seen through a changed host key, an empty known_hosts, a missing key file
 * or a black hole between this machine and the leader's host, nodes it cannot ask are `unknown`
 * with the reason deploy would give, never `down` or `up`; the leader is the one the controllers
 * name; the exit code says which happened. A node really stopped is `down`, seen so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetHosts, standInPackage, testDir, writeTestTopology } from '../helpers/deploy-fixture.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('status-faults');
const env = { env: { DDB_SETUP_CONFIG_DIR: dir } };
let file = '';

type Status = {
  leader: string | null;
  leaderNamedBy: string[];
  leaderNote: string | null;
  nodes: { host: string; alias: string; state: string; reason: string | null; source: string }[];
  unreachable: { host: string; reason: string }[];
};

function status(options: { knownHosts?: string; topology?: string } = {}) {
  const result = runCli(
    [
      'status',
      '-f',
      options.topology ?? file,
      '--known-hosts',
      options.knownHosts ?? hosts.knownHostsFile,
      '--format',
      'json',
    ],
    env,
  );
  return { code: result.status, json: JSON.parse(result.stdout) as Status, stderr: result.stderr };
}

const states = (s: Status, host?: string) =>
  Object.fromEntries(s.nodes.filter((n) => !host || n.host === host).map((n) => [n.alias, n.state]));

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts);
  file = writeTestTopology(dir, 'seen', {
    mode: 'ha',
    hosts: [h1, h2, h3],
    packageFile: standInPackage(dir),
    config: { controller: { raftElectionTick: 100 } },
  });
  const deployed = runCli(['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile], env);
  expect(deployed.status, deployed.stderr).toBe(0);
}, 180_000);
afterAll(() => resetHosts(hosts));

describe('status on faults', { timeout: 120_000 }, () => {
  it('healthy: every node up, seen by the node itself, a leader named by every controller, exit 0', () => {
    const { code, json } = status();
    expect(code).toBe(0);
    expect(json.nodes.every((n) => n.state === 'up' && n.source === 'node' && n.reason === null)).toBe(true);
    expect(json.leaderNamedBy).toHaveLength(3);
  });

  it('a changed host key: that server’s nodes unknown with the key named (never down), exit 3', () => {
    // h2's address with h1's key: what a reinstalled server, or someone in between, shows.
    const changed = join(dir, 'known_hosts_changed');
    const lines = readFileSync(hosts.knownHostsFile, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith(`${h2.address} `));
    writeFileSync(changed, [...lines, ...h1.hostKeys.map((key) => `${h2.address} ${key}`)].join('\n') + '\n');
    const { code, json } = status({ knownHosts: changed });
    expect(code).toBe(3);
    expect(Object.values(states(json, 'P2'))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(json.nodes.filter((n) => n.state === 'down')).toEqual([]);
    expect(Object.values(states(json, 'P1')).every((s) => s === 'up')).toBe(true);
    const reason = json.nodes.find((n) => n.alias === 'controller2')?.reason ?? '';
    expect(reason).toContain('presented a different host key');
    expect(reason).toContain('someone is intercepting the connection');
    // Two controllers still answer: they name the leader.
    expect(json.leader).not.toBeNull();
  });

  it('an empty known_hosts: every node unknown, each host’s key named as not known, exit 3', () => {
    const empty = join(dir, 'known_hosts_empty');
    writeFileSync(empty, '');
    const { code, json } = status({ knownHosts: empty });
    expect(code).toBe(3);
    expect(new Set(json.nodes.map((n) => n.state))).toEqual(new Set(['unknown']));
    expect(json.unreachable.map((u) => u.host)).toEqual(['P1', 'P2', 'P3']);
    expect(json.unreachable[0]?.reason).toContain('is not in');
  });

  it('a missing key file: every node unknown, the file named, exit 3', () => {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['ssh', 'identityFile'], join(dir, 'no-such-key'));
    const broken = join(dir, 'missing-key.yaml');
    writeFileSync(broken, doc.toString());
    const { code, json } = status({ topology: broken });
    expect(code).toBe(3);
    expect(new Set(json.nodes.map((n) => n.state))).toEqual(new Set(['unknown']));
    expect(json.unreachable[0]?.reason).toContain('no-such-key');
  });

  it('the leader’s host black-holed from this machine only: the leader still named, by the others; its nodes unknown', async () => {
    const before = status().json;
    const leader = before.leader ?? '';
    const leaderHost = before.nodes.find((n) => n.alias === leader)?.host ?? '';
    const host = [h1, h2, h3][Number(leaderHost.slice(1)) - 1];
    if (!host) throw new Error(`no test host for ${leaderHost}`);
    await hosts.block(host, '10.250.0.1');
    try {
      const { code, json } = status();
      expect(code).toBe(3);
      expect(json.leader).toBe(leader);
      expect(json.leaderNamedBy.sort()).toEqual(
        ['controller1', 'controller2', 'controller3'].filter((c) => c !== leader).sort(),
      );
      expect(json.leaderNote).toContain('cannot be asked from here');
      expect(Object.values(states(json, leaderHost))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    } finally {
      await hosts.unblock(host, '10.250.0.1');
    }
  });

  it('a data node stopped: seen down (its port refused on its own host), exit 1', () => {
    const stopped = runCli(
      ['stop', '-f', file, '--node', 'datanode3', '--known-hosts', hosts.knownHostsFile],
      env,
    );
    expect(stopped.status, stopped.stderr).toBe(0);
    const { code, json } = status();
    expect(code).toBe(1);
    expect(json.nodes.find((n) => n.alias === 'datanode3')).toMatchObject({
      state: 'down',
      reason: 'port 8802 refused on P3 (not running)',
      source: 'node',
    });
    const text = runCli(['status', '-f', file, '--known-hosts', hosts.knownHostsFile], env);
    expect(text.stdout).toMatch(/P3 +datanode3 +datanode +down +port 8802 refused on P3 \(not running\)/);
  });
});
