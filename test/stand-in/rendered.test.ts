/**
 * What ddb-setup renders runs on the stand-in unchanged: `ddb-setup template` + `render --format
 * json` for single, cluster and pseudo-ha topologies on 127.0.0.1, the files written where they
 * say, the stand-in placed in the server directory as the package would be, every start.sh run,
 * the deployment checked over the API, and every stop.sh run. Needs the built program
 * (`npm run build`, which `npm test` runs first); fails with that advice without it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask, rows } from './client.js';
import { adoptFromLog, agentLog, logLines, standInSuite, waitFor, write } from './harness.js';
import { renderedCluster, requireBuiltCli, type Rendered } from './rendered-cluster.js';

requireBuiltCli();
standInSuite();

/** Renders a topology into `deploy` and installs the stand-in as its server directory. */
async function deploy(mode: 'single' | 'cluster' | 'pseudo-ha', ports: number) {
  const { base, files, path } = await renderedCluster(mode, ports);
  const env = { ...process.env, PATH: path };
  const scripts = (name: string) => files.filter((f) => f.kind === name);
  const logOf = (f: Rendered) => join(f.path, '..', 'log', `${f.node}.log`);
  return { base, files, scripts, env, logOf };
}

/**
 * Runs a rendered start.sh or stop.sh; it must succeed and say nothing on stderr (they look at
 * every process's command line, and a process may end while they do: that must stay quiet).
 */
function script(path: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync('sh', [path], { env, encoding: 'utf8' });
  expect(result.stderr, path).toBe('');
  expect(result.status, path).toBe(0);
  return result.stdout;
}

describe('deployments rendered by ddb-setup', () => {
  it('single: start.sh (over a stale pid file), version(), stop.sh', async () => {
    const d = await deploy('single', 1);
    const [start] = d.scripts('start.sh');
    if (!start) throw new Error('no start.sh');
    // As after a reboot: the pid file names a process that no longer exists (one that ran here).
    const gone = spawnSync('true').pid;
    write(join(start.path, '..', 'dolphindb.pid'), `${gone}\n`);
    expect(script(start.path, d.env)).toMatch(/started \(pid \d+\)/);
    await adoptFromLog(d.logOf(start));
    await waitFor(async () => (await ask('127.0.0.1', d.base, 'version()'))?.form === 0 || undefined, {
      what: 'the single node to answer',
    });
    const stop = d.files.find((f) => f.kind === 'stop.sh');
    expect(script(stop?.path ?? '', d.env)).toMatch(/stopped/);
    expect(logLines(d.logOf(start))).toContain('<ERROR> : The socket server ended.');
  }, 60_000);

  for (const [mode, ports] of [
    ['cluster', 3],
    ['pseudo-ha', 7],
  ] as const)
    it(`${mode}: every start.sh, all nodes up with one leader, every stop.sh`, async () => {
      const d = await deploy(mode, ports);
      const starts = d.scripts('start.sh');
      for (const s of starts) {
        script(s.path, d.env);
        await adoptFromLog(d.logOf(s));
        if (s.node?.startsWith('agent')) agentLog(d.logOf(s));
      }
      const controllers = starts.filter((s) => s.node?.startsWith('controller'));
      const controllerPort = d.base;
      // datanodeRestartInterval=60 in the rendered controller.cfg: the leader starts the data nodes.
      // The rendered controllers keep raftElectionTick's default (800: an election every 8–16 s,
      // facts §2.6); a split vote costs another round, and on a loaded 2-CPU machine a round trip
      // can take seconds, so the wait allows several rounds rather than the usual one.
      const perf = await waitFor(
        async () => {
          const leader =
            (await ask('127.0.0.1', controllerPort, 'getActiveMaster()'))?.form === 0 ? true : undefined;
          if (!leader) return undefined;
          const all = await Promise.all(
            controllers.map((_, i) =>
              ask('127.0.0.1', controllerPort + i, 'getActiveMaster()').catch(() => undefined),
            ),
          );
          const names = all.map((a) => (a?.form === 0 ? a.value : undefined));
          if (!names[0] || names.some((n) => n !== names[0])) return undefined;
          const leaderIndex = controllers.findIndex((c) => c.node === names[0]);
          const r = rows(await ask('127.0.0.1', controllerPort + leaderIndex, 'getClusterPerf(true)'));
          return r.length > 0 && r.every((x) => x['state'] === 1) ? r : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 300, what: `every ${mode} node up` },
      ).catch((error: unknown) => {
        // What each node last logged (Raft terms, start requests) says why, when CI is all there is.
        const tails = starts.map((s) => `${s.node}: ${logLines(d.logOf(s)).slice(-4).join(' | ')}`);
        throw new Error([String(error), ...tails].join('\n'));
      });
      expect(perf.filter((r) => r['mode'] === 0).length).toBeGreaterThan(0);
      if (mode === 'pseudo-ha') expect(perf.filter((r) => r['isLeader'] === true)).toHaveLength(1);
      for (const s of d.scripts('stop.sh').reverse())
        expect(script(s.path, d.env)).toMatch(/stopped|not running/);
      for (const s of starts) expect(logLines(d.logOf(s))).toContain('<ERROR> : The socket server ended.');
    }, 180_000);
});
