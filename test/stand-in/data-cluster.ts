/**
 * A Raft cluster for the DFS data tests (facts §2.5): three controllers on 127.0.0.1–3 with
 * dfsReplicationFactor=2, their dfsMeta directories named in controller.cfg, raftElectionTick=100
 * (1–2 s elections, facts §2.6); one agent on 127.0.0.1 with data nodes dn1–dn3 and compute node
 * cn1 (one server, so dfsReplicaReliabilityLevel=0).
 */
import { join } from 'node:path';
import { TestClient, ask, rows } from './client.js';
import {
  ENTERPRISE_LICENCE,
  agentLog,
  exitOf,
  freePorts,
  run,
  serverDir,
  tempDir,
  waitFor,
  write,
  type Proc,
} from './harness.js';

export type Controller = { alias: string; host: string; port: number; log: string; dir: string; proc?: Proc };
export type Worker = { alias: string; port: number; mode: 'datanode' | 'computenode' };

export async function dataCluster() {
  const server = await serverDir(join(tempDir(), 'server'), ENTERPRISE_LICENCE);
  const ports = await freePorts(10);
  const port = (i: number) => ports[i] ?? 0;
  const controllers: Controller[] = [1, 2, 3].map((i) => ({
    alias: `ctl${i}`,
    host: `127.0.0.${i}`,
    port: port(i - 1),
    dir: join(server, `ctl${i}`),
    log: join(server, `ctl${i}`, 'log', `ctl${i}.log`),
  }));
  const workers: Worker[] = [
    { alias: 'dn1', port: port(4), mode: 'datanode' },
    { alias: 'dn2', port: port(5), mode: 'datanode' },
    { alias: 'dn3', port: port(6), mode: 'datanode' },
    { alias: 'cn1', port: port(7), mode: 'computenode' },
  ];
  const spare = [port(8), port(9)];
  const agentPort = port(3);
  const nodes = [
    'localSite,mode',
    ...controllers.map((c) => `${c.host}:${c.port}:${c.alias},controller`),
    `127.0.0.1:${agentPort}:agent1,agent`,
    ...workers.map((w) => `127.0.0.1:${w.port}:${w.alias},${w.mode}`),
    '',
  ].join('\n');
  for (const c of controllers) {
    write(
      join(c.dir, 'config', 'controller.cfg'),
      [
        'mode=controller',
        `localSite=${c.host}:${c.port}:${c.alias}`,
        'dfsReplicationFactor=2',
        'dfsReplicaReliabilityLevel=0',
        'dfsHAMode=Raft',
        'lanCluster=0',
        'raftElectionTick=100',
        `dfsMetaDir=${c.dir}/dfsMeta`,
        '',
      ].join('\n'),
    );
    write(join(c.dir, 'config', 'cluster.nodes'), nodes);
    write(join(c.dir, 'config', 'cluster.cfg'), 'maxMemSize=8\nworkerNum=4\nlanCluster=0\n');
  }
  const sites = [
    `127.0.0.1:${agentPort}:agent1:agent`,
    ...controllers.map((c) => `${c.host}:${c.port}:${c.alias}:controller`),
  ].join(',');
  write(
    join(server, 'agent1', 'config', 'agent.cfg'),
    `mode=agent\nlocalSite=127.0.0.1:${agentPort}:agent1\ncontrollerSite=127.0.0.1:${port(0)}:ctl1\nsites=${sites}\nlanCluster=0\n`,
  );
  const exe = join(server, 'dolphindb');
  const home = join(server, 'data');

  const start = (c: Controller) => {
    c.proc = run(
      exe,
      [
        ...['-console', '0', '-mode', 'controller', '-home', home],
        ...['-config', join(c.dir, 'config', 'controller.cfg'), '-logFile', c.log],
        ...['-nodesFile', join(c.dir, 'config', 'cluster.nodes')],
        ...['-clusterConfig', join(c.dir, 'config', 'cluster.cfg')],
      ],
      server,
    );
  };
  const stop = async (c: Controller) => {
    if (!c.proc) return;
    c.proc.child.kill('SIGTERM');
    await exitOf(c.proc);
    c.proc = undefined;
  };
  const startAgent = () =>
    run(
      exe,
      [
        ...['-console', '0', '-mode', 'agent', '-home', home],
        ...['-config', join(server, 'agent1', 'config', 'agent.cfg')],
        ...['-logFile', agentLog(join(server, 'agent1', 'log', 'agent1.log'))],
      ],
      server,
    );

  const activeMaster = async (c: Controller) => {
    const v = await ask(c.host, c.port, 'getActiveMaster()').catch(() => undefined);
    return v?.form === 0 && typeof v.value === 'string' && v.value !== '' ? v.value : undefined;
  };
  /** The leader every given controller names. */
  const leader = (among: Controller[] = controllers) =>
    waitFor(
      async () => {
        const answers = await Promise.all(among.map(activeMaster));
        const first = answers[0];
        const c = controllers.find((x) => x.alias === first);
        return c && answers.every((a) => a === first) ? c : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'one leader named by every given controller' },
    );
  /** An admin session on the leader or a node. */
  const admin = async (host: string, p: number) => {
    const client = await TestClient.open(host, p);
    await client.login();
    return client;
  };
  /** getClusterPerf state of a node, as the leader sees it. */
  const state = async (alias: string) => {
    const l = await leader();
    const perf = rows(await ask(l.host, l.port, 'getClusterPerf(true)'));
    return perf.find((r) => r['name'] === alias)?.['state'];
  };
  const onLeader = async (script: string) => {
    const l = await leader();
    const client = await admin(l.host, l.port);
    try {
      return await client.script(script);
    } finally {
      client.close();
    }
  };
  const startNodes = async (aliases: string[]) => {
    await waitFor(async () => ((await state('agent1')) === 1 ? true : undefined), { what: 'agent1 online' });
    await onLeader(`startDataNode(${JSON.stringify(aliases)})`);
    for (const a of aliases)
      await waitFor(async () => ((await state(a)) === 1 ? true : undefined), { what: `${a} online` });
  };
  const stopNodes = async (aliases: string[]) => {
    await onLeader(`stopDataNode(${JSON.stringify(aliases)})`);
    for (const a of aliases)
      await waitFor(async () => ((await state(a)) === 0 ? true : undefined), { what: `${a} offline` });
  };
  const worker = (alias: string) => workers.find((w) => w.alias === alias) as Worker;
  const on = (alias: string) => admin('127.0.0.1', worker(alias).port);

  return {
    server,
    home,
    controllers,
    workers,
    spare,
    start,
    stop,
    startAgent,
    leader,
    activeMaster,
    onLeader,
    startNodes,
    stopNodes,
    state,
    on,
  };
}
