/**
 * Three controllers in a Raft group (dfsHAMode=Raft, facts §2.5), on 127.0.0.1, 127.0.0.2 and
 * 127.0.0.3 as if on three servers, with raftElectionTick shortened to 100 (1–2 s elections instead
 * of 8–16 s, facts §2.6): one leader while a majority lives, a new one when the leader dies, none
 * with two of three dead, and the logs say who became leader or follower.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPE, TestClient, ask, logsIn, rows } from './client.js';
import {
  ENTERPRISE_LICENCE,
  agentLog,
  freePorts,
  readText,
  run,
  serverDir,
  tempDir,
  waitFor,
  waitForLog,
  write,
  type Proc,
  standInSuite,
} from './harness.js';

standInSuite();

type Controller = { alias: string; host: string; port: number; log: string; proc?: Proc };

/** The official HA files (facts §2.5) for three controllers, one agent and one data node. */
async function haCluster() {
  const server = await serverDir(join(tempDir(), 'server'), ENTERPRISE_LICENCE);
  const [p1 = 0, p2 = 0, p3 = 0, agentPort = 0, dnPort = 0] = await freePorts(5);
  const controllers: Controller[] = [
    { alias: 'controller1', host: '127.0.0.1', port: p1, log: '' },
    { alias: 'controller2', host: '127.0.0.2', port: p2, log: '' },
    { alias: 'controller3', host: '127.0.0.3', port: p3, log: '' },
  ];
  const nodes = [
    'localSite,mode',
    ...controllers.map((c) => `${c.host}:${c.port}:${c.alias},controller`),
    `127.0.0.1:${agentPort}:agent1,agent`,
    `127.0.0.1:${dnPort}:datanode1,datanode`,
    '',
  ].join('\n');
  for (const c of controllers) {
    const dir = join(server, c.alias);
    c.log = join(dir, 'log', `${c.alias}.log`);
    write(
      join(dir, 'config', 'controller.cfg'),
      [
        'mode=controller',
        `localSite=${c.host}:${c.port}:${c.alias}`,
        'dfsReplicationFactor=2',
        'dfsReplicaReliabilityLevel=1',
        'dataSync=1',
        'workerNum=4',
        'maxConnections=512',
        'maxMemSize=8',
        'dfsHAMode=Raft',
        'lanCluster=0',
        'raftElectionTick=100',
        `dfsMetaDir=${dir}/dfsMeta`,
        '',
      ].join('\n'),
    );
    write(join(dir, 'config', 'cluster.nodes'), nodes);
    write(
      join(dir, 'config', 'cluster.cfg'),
      'maxMemSize=8\nworkerNum=4\nlanCluster=0\nTSDBCacheEngineSize=2\n',
    );
  }
  const sites = [
    `127.0.0.1:${agentPort}:agent1:agent`,
    ...controllers.map((c) => `${c.host}:${c.port}:${c.alias}:controller`),
  ].join(',');
  write(
    join(server, 'agent1', 'config', 'agent.cfg'),
    [
      'mode=agent',
      `localSite=127.0.0.1:${agentPort}:agent1`,
      `controllerSite=${controllers[0]?.host}:${p1}:controller1`,
      `sites=${sites}`,
      'workerNum=4',
      'maxMemSize=4',
      'lanCluster=0',
      '',
    ].join('\n'),
  );
  const exe = join(server, 'dolphindb');
  const start = (c: Controller) => {
    const dir = join(server, c.alias);
    c.proc = run(
      exe,
      [
        '-console',
        '0',
        '-mode',
        'controller',
        '-home',
        join(server, 'data'),
        '-script',
        'dolphindb.dos',
        '-config',
        join(dir, 'config', 'controller.cfg'),
        '-logFile',
        c.log,
        '-nodesFile',
        join(dir, 'config', 'cluster.nodes'),
        '-clusterConfig',
        join(dir, 'config', 'cluster.cfg'),
      ],
      server,
    );
  };
  const startAgent = () =>
    run(
      exe,
      [
        '-console',
        '0',
        '-mode',
        'agent',
        '-home',
        join(server, 'data'),
        '-script',
        'dolphindb.dos',
        '-config',
        join(server, 'agent1', 'config', 'agent.cfg'),
        '-logFile',
        agentLog(join(server, 'agent1', 'log', 'agent1.log')),
      ],
      server,
    );
  return { server, controllers, start, startAgent, agentPort, dnPort };
}

const activeMaster = async (c: Controller): Promise<string | undefined> => {
  try {
    const v = await ask(c.host, c.port, 'getActiveMaster()');
    return v?.form === 0 && typeof v.value === 'string' ? v.value : undefined;
  } catch {
    return undefined;
  }
};

/** Waits until every given controller names the same leader; returns it. */
const agreedLeader = (controllers: Controller[], not?: string) =>
  waitFor(
    async () => {
      const answers = await Promise.all(controllers.map(activeMaster));
      const first = answers[0];
      return first && first !== not && answers.every((a) => a === first) ? first : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200, what: 'one leader named by every live controller' },
  );

describe('Raft group of three controllers', () => {
  it('has a leader only while a majority lives, and logs who became leader or follower', async () => {
    const { controllers, start } = await haCluster();
    controllers.forEach(start);
    for (const c of controllers) await waitForLog(c.log, /Job scheduler initialization completed\./);
    for (const c of controllers) expect(readText(c.log)).toContain('DFSMaster ElectionTick is set to 100');

    const leader = await agreedLeader(controllers);
    const byAlias = (a: string) => controllers.find((c) => c.alias === a) as Controller;
    const first = byAlias(leader);
    const term = Number(
      (
        await waitForLog(
          first.log,
          new RegExp(`<Raft> Group DFSMaster ${leader} became leader at term (\\d+)`),
        )
      )[1],
    );
    for (const c of controllers.filter((x) => x !== first))
      await waitForLog(
        c.log,
        new RegExp(
          `<Raft> Group DFSMaster ${c.alias} became follower at term ${term}, leader is ${leader}$`,
          'm',
        ),
      );

    const perf = rows(await ask(first.host, first.port, 'getClusterPerf(true)'));
    expect(perf.filter((r) => r['mode'] === 2).map((r) => [r['name'], r['state'], r['isLeader']])).toEqual(
      controllers.map((c) => [c.alias, 1, c.alias === leader]),
    );
    expect(
      await ask(first.host, first.port, 'select name from getClusterPerf(true) where isLeader'),
    ).toMatchObject({
      form: 6,
      columns: [{ name: 'name', column: { form: 1, type: TYPE.string, values: [leader] } }],
    });

    // The leader's host dies: the two others elect a new leader and say so.
    first.proc?.child.kill('SIGKILL');
    const survivors = controllers.filter((c) => c !== first);
    const second = await agreedLeader(survivors, leader);
    const next = byAlias(second);
    const newTerm = Number(
      (
        await waitForLog(
          next.log,
          new RegExp(`<Raft> Group DFSMaster ${second} became leader at term (\\d+)`),
        )
      )[1],
    );
    expect(newTerm).toBeGreaterThan(term);
    const follower = survivors.find((c) => c !== next) as Controller;
    await waitForLog(
      follower.log,
      new RegExp(
        `<Raft> Group DFSMaster ${follower.alias} became follower at term ${newTerm}, leader is ${second}$`,
        'm',
      ),
    );
    await waitFor(
      async () => {
        const row = rows(await ask(next.host, next.port, 'getClusterPerf(true)')).find(
          (r) => r['name'] === leader,
        );
        return row?.['state'] === 0 && row['isLeader'] === null ? true : undefined;
      },
      { what: `${leader} shown dead (state 0, isLeader null)` },
    );

    // Two of three dead: no majority, no leader — the last one keeps asking for votes in vain.
    next.proc?.child.kill('SIGKILL');
    await waitFor(async () => ((await activeMaster(follower)) === '' ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the last controller to have no leader',
    });
    const candidates = () =>
      readText(follower.log).match(new RegExp(`${follower.alias} became candidate`, 'g'))?.length ?? 0;
    const seen = candidates();
    await waitFor(() => (candidates() >= seen + 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'more failed elections',
    });
    expect(await activeMaster(follower)).toBe('');
    expect(
      rows(await ask(follower.host, follower.port, 'select name from getClusterPerf(true) where isLeader')),
    ).toEqual([]);
  }, 90_000);

  it('runs agents and data nodes of an HA cluster through the leader (official agent.cfg with sites)', async () => {
    const { controllers, start, startAgent, dnPort } = await haCluster();
    controllers.forEach(start);
    const agent = startAgent();
    const leader = await agreedLeader(controllers);
    const lead = controllers.find((c) => c.alias === leader) as Controller;
    await waitFor(
      async () => {
        const perf = rows(await ask(lead.host, lead.port, 'getClusterPerf(true)'));
        return perf.find((r) => r['name'] === 'agent1')?.['state'] === 1 ? true : undefined;
      },
      { what: 'agent1 online at the leader' },
    );

    const client = await TestClient.open(lead.host, lead.port);
    try {
      await client.login();
      await client.script('startDataNode(["datanode1"])');
    } finally {
      client.close();
    }
    await waitFor(
      async () => ((await ask('127.0.0.1', dnPort, 'getNodeAlias()'))?.form === 0 ? true : undefined),
      {
        what: 'datanode1 to answer',
      },
    );
    // From the data node, the official rpc form reaches the leader.
    const fromDn = await waitFor(
      async () => {
        const t = await ask(
          '127.0.0.1',
          dnPort,
          'select name, isLeader from rpc(getControllerAlias(), getClusterPerf{true}) where mode = 2',
        );
        const r = rows(t);
        return r.length === 3 ? r : undefined;
      },
      { what: 'getClusterPerf through rpc' },
    );
    expect(fromDn.filter((r) => r['isLeader'] === true).map((r) => r['name'])).toEqual([leader]);
    expect(agent.child.exitCode).toBeNull();
  }, 90_000);

  it('changePwd on a follower reaches the leader, and a new leader after failover still knows it', async () => {
    const { controllers, start } = await haCluster();
    controllers.forEach(start);
    const leader = await agreedLeader(controllers);
    const follower = controllers.find((c) => c.alias !== leader) as Controller;
    const client = await TestClient.open(follower.host, follower.port);
    try {
      await client.login();
      await client.script('changePwd("123456", "Raft-pass1")');
    } finally {
      client.close();
    }
    for (const c of controllers) {
      expect(await logsIn(c.host, c.port, '123456')).toBe(false);
      expect(await logsIn(c.host, c.port, 'Raft-pass1')).toBe(true);
    }
    const first = controllers.find((c) => c.alias === leader) as Controller;
    first.proc?.child.kill('SIGKILL');
    const survivors = controllers.filter((c) => c !== first);
    const second = await agreedLeader(survivors, leader);
    const next = controllers.find((c) => c.alias === second) as Controller;
    expect(await logsIn(next.host, next.port, '123456')).toBe(false);
    expect(await logsIn(next.host, next.port, 'Raft-pass1')).toBe(true);
  }, 90_000);
});
