/**
 * One controller, one agent, two data nodes on 127.0.0.1, configured like the official clusterDemo
 * (facts §2.2) and started like its startController.sh / startAgent.sh (facts §2.7): the agent
 * registers, data nodes are real child processes started through the agent (startDataNode, or
 * automatically with datanodeRestartInterval), and the official script forms work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPE, TestClient, ask, columnTypes, logsIn, rows } from './client.js';
import {
  ENTERPRISE_LICENCE,
  agentLog,
  alive,
  childPids,
  freePorts,
  logLines,
  readText,
  run,
  serverDir,
  tempDir,
  waitFor,
  waitForLog,
  write,
  standInSuite,
} from './harness.js';

standInSuite();

type Demo = {
  server: string;
  demo: string;
  ports: { controller: number; agent: number; dn1: number; dn2: number; cn1: number };
  controllerLog: string;
  agentLog: string;
};

/**
 * clusterDemo/ with the official files (facts §2.2), on free ports of 127.0.0.1, with two data nodes
 * and a compute node (four nodes: more than the community licence's three, so a bigger licence).
 */
async function clusterDemo(controllerExtra: string[] = []): Promise<Demo> {
  const server = await serverDir(join(tempDir(), 'server'), ENTERPRISE_LICENCE);
  const demo = join(server, 'clusterDemo');
  const [controller = 0, agent = 0, dn1 = 0, dn2 = 0, cn1 = 0] = await freePorts(5);
  write(
    join(demo, 'config', 'controller.cfg'),
    [
      'mode=controller',
      `localSite=127.0.0.1:${controller}:controller8900`,
      'dfsReplicationFactor=1',
      'dfsReplicaReliabilityLevel=2',
      'dataSync=1',
      'workerNum=4',
      'maxConnections=512',
      'maxMemSize=8',
      'lanCluster=0',
      ...controllerExtra,
      '',
    ].join('\n'),
  );
  write(
    join(demo, 'config', 'agent.cfg'),
    [
      'mode=agent',
      `localSite=127.0.0.1:${agent}:agent1`,
      `controllerSite=127.0.0.1:${controller}:controller8900`,
      'workerNum=4',
      'maxMemSize=4',
      'lanCluster=0',
      '',
    ].join('\n'),
  );
  write(
    join(demo, 'config', 'cluster.nodes'),
    [
      'localSite,mode',
      `127.0.0.1:${agent}:agent1,agent`,
      `127.0.0.1:${dn1}:dnode1,datanode`,
      `127.0.0.1:${dn2}:dnode2,datanode`,
      `127.0.0.1:${cn1}:cnode1,computenode`,
      '',
    ].join('\n'),
  );
  write(
    join(demo, 'config', 'cluster.cfg'),
    [
      'maxMemSize=32',
      'maxConnections=512',
      'workerNum=4',
      'maxBatchJobWorker=4',
      'OLAPCacheEngineSize=2',
      'TSDBCacheEngineSize=1',
      'newValuePartitionPolicy=add',
      'maxPubConnections=64',
      'subExecutors=4',
      'lanCluster=0',
      'enableChunkGranularityConfig=true',
      'volumes=/tmp/ddb-stand-in-unused/<ALIAS>/storage',
      'dnode2.publicName=dnode2.example',
      '',
    ].join('\n'),
  );
  return {
    server,
    demo,
    ports: { controller, agent, dn1, dn2, cn1 },
    controllerLog: join(demo, 'log', 'controller.log'),
    agentLog: agentLog(join(demo, 'log', 'agent.log')),
  };
}

/** startController.sh and startAgent.sh's command lines (facts §2.7), run in clusterDemo/. */
async function startDemo(d: Demo): Promise<void> {
  const exe = join(d.server, 'dolphindb');
  run(
    exe,
    '-console 0 -mode controller -home data -script dolphindb.dos -config config/controller.cfg -logFile log/controller.log -nodesFile config/cluster.nodes -clusterConfig config/cluster.cfg'.split(
      ' ',
    ),
    d.demo,
  );
  run(
    exe,
    '-console 0 -mode agent -home data -script dolphindb.dos -config config/agent.cfg -logFile log/agent.log'.split(
      ' ',
    ),
    d.demo,
  );
  await waitForLog(d.controllerLog, /Job scheduler initialization completed\./);
  await waitForLog(d.agentLog, /Job scheduler initialization completed\./);
  await waitForLog(d.controllerLog, /agent agent1 \(127\.0\.0\.1:\d+:agent1\) is online/);
}

const state = async (d: Demo, alias: string): Promise<unknown> => {
  const v = await ask(
    '127.0.0.1',
    d.ports.controller,
    `(exec state from getClusterPerf() where name=\`${alias})[0]`,
  );
  return v?.form === 0 ? v.value : undefined;
};

const until = (d: Demo, alias: string, wanted: number) =>
  waitFor(async () => ((await state(d, alias)) === wanted ? true : undefined), {
    timeoutMs: 20_000,
    what: `${alias} state ${wanted}`,
  });

describe('cluster: controller, agent, data nodes', () => {
  it('registers the agent and starts data nodes through it on startDataNode', async () => {
    const d = await clusterDemo();
    await startDemo(d);
    const before = rows(await ask('127.0.0.1', d.ports.controller, 'getClusterPerf(true)'));
    expect(before.map((r) => [r['name'], r['mode'], r['state']])).toEqual([
      ['controller8900', 2, 1],
      ['agent1', 1, 1],
      ['dnode1', 0, 0],
      ['dnode2', 0, 0],
      ['cnode1', 4, 0],
    ]);

    const client = await TestClient.open('127.0.0.1', d.ports.controller);
    try {
      await client.login();
      expect(await client.script('startDataNode(["dnode1","dnode2","cnode1"])')).toBeUndefined();
      await until(d, 'dnode1', 1);
      await until(d, 'dnode2', 1);
      await until(d, 'cnode1', 1);
      expect(await ask('127.0.0.1', d.ports.cn1, 'getNodeType()')).toEqual({
        form: 0,
        type: TYPE.int,
        value: 4,
      });

      const perf = await client.script('getClusterPerf(true)');
      expect(columnTypes(perf)).toMatchObject({
        name: TYPE.string,
        site: TYPE.string,
        host: TYPE.string,
        port: TYPE.int,
        mode: TYPE.int,
        state: TYPE.int,
        agentSite: TYPE.string,
        maxMemSize: TYPE.double,
        memoryUsed: TYPE.long,
        isLeader: TYPE.bool,
      });
      const dn2 = rows(perf).find((r) => r['name'] === 'dnode2');
      expect(dn2).toMatchObject({
        site: `127.0.0.1:${d.ports.dn2}:dnode2`,
        agentSite: `127.0.0.1:${d.ports.agent}:agent1`,
        publicName: 'dnode2.example',
        isLeader: null,
      });
      expect(await client.value('getActiveMaster()')).toBe('controller8900');
      expect(rows(await client.script('select name from getClusterPerf(true) where isLeader'))).toEqual([]);
    } finally {
      client.close();
    }

    // Real child processes: their pids are in the agent's log, each binds its own port and logs.
    const pids = childPids(d.agentLog);
    const dn1Pid = pids.get('dnode1')?.[0] ?? 0;
    expect(alive(dn1Pid)).toBe(true);
    expect(alive(pids.get('dnode2')?.[0] ?? 0)).toBe(true);
    const dnLog = join(d.demo, 'log', 'dnode1.log');
    expect(logLines(dnLog)).toContain('<INFO> :Job scheduler initialization completed.');
    expect(existsSync(join(d.demo, 'data', 'dnode1'))).toBe(true);
    const cmdline = readFileSync(`/proc/${dn1Pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['-mode', 'datanode', '-maxMemSize', '32']));
    expect(cmdline).toContain('/tmp/ddb-stand-in-unused/dnode1/storage');

    const dn = await TestClient.open('127.0.0.1', d.ports.dn1);
    try {
      expect(await dn.script('getNodeAlias()')).toEqual({ form: 0, type: TYPE.string, value: 'dnode1' });
      expect(await dn.value('getNodeType()')).toBe(0);
      expect(await dn.value('getControllerAlias()')).toBe('controller8900');
      await expect(dn.script('getClusterPerf()')).rejects.toThrow(
        'getClusterPerf() => Only master or single mode supports function getClusterPerf.',
      );
      const viaRpc = await dn.script('rpc(getControllerAlias(), getClusterPerf)');
      expect(rows(viaRpc).map((r) => r['name'])).toEqual(['agent1', 'dnode1', 'dnode2', 'cnode1']);
      const partial = await dn.script(
        'exec name from rpc(getControllerAlias(), getClusterPerf{true}) where mode != 1',
      );
      expect(partial).toEqual({
        form: 1,
        type: TYPE.string,
        values: ['controller8900', 'dnode1', 'dnode2', 'cnode1'],
      });
    } finally {
      dn.close();
    }

    // stopDataNode(`dnode1): SIGTERM through the agent, a clean exit, state 0.
    const admin = await TestClient.open('127.0.0.1', d.ports.controller);
    try {
      await admin.login();
      await admin.script('stopDataNode(`dnode1)');
      await until(d, 'dnode1', 0);
      await waitFor(() => (alive(dn1Pid) ? undefined : true), { what: 'dnode1 to exit' });
      expect(logLines(dnLog)).toContain('<ERROR> : The socket server ended.');
      await waitForLog(d.agentLog, new RegExp(`dnode1 \\(pid ${dn1Pid}\\) exited with code 0\\.`));
      await admin.script('startDataNode(`dnode1)');
      await until(d, 'dnode1', 1);
      expect(childPids(d.agentLog).get('dnode1')).toHaveLength(2);
    } finally {
      admin.close();
    }
  }, 60_000);

  it('addNode (facts §12.1): admin only, the node joins stopped, saveConfig appends it to cluster.nodes', async () => {
    const d = await clusterDemo();
    await startDemo(d);
    const nodesFile = join(d.demo, 'config', 'cluster.nodes');
    const before = readFileSync(nodesFile, 'utf8');
    const [port = 0] = await freePorts(1);
    const call = `addNode("127.0.0.1", ${port}, "dnode3", true, "datanode")`;
    await expect(ask('127.0.0.1', d.ports.controller, call)).rejects.toThrow(
      'Only administrators execute function addNode',
    );
    const client = await TestClient.open('127.0.0.1', d.ports.controller);
    try {
      await client.login();
      expect(await client.script(call)).toBeUndefined();
      expect(readFileSync(nodesFile, 'utf8')).toBe(`${before}127.0.0.1:${port}:dnode3,datanode\n`);
      expect(await state(d, 'dnode3')).toBe(0);
      await expect(client.script(`addNode("127.0.0.1", ${port + 1}, "dnode3")`)).rejects.toThrow(
        'already exists',
      );
      // Without saveConfig the cluster knows it, the file does not.
      const [other = 0] = await freePorts(1);
      await client.script(`addNode("127.0.0.1", ${other}, "cnode9", false, "computenode")`);
      expect(await state(d, 'cnode9')).toBe(0);
      expect(readFileSync(nodesFile, 'utf8')).not.toContain('cnode9');
      await client.script('startDataNode("dnode3")');
      await until(d, 'dnode3', 1);
    } finally {
      client.close();
    }
  });

  it('starts data nodes by itself with datanodeRestartInterval and restarts a crashed one', async () => {
    const d = await clusterDemo(['datanodeRestartInterval=1']);
    await startDemo(d);
    await until(d, 'dnode1', 1);
    await until(d, 'dnode2', 1);
    await until(d, 'cnode1', 1);
    expect(readText(d.controllerLog)).toContain('datanodeRestartInterval: starting dnode1.');

    // A node stopped with stopDataNode stays down…
    const admin = await TestClient.open('127.0.0.1', d.ports.controller);
    try {
      await admin.login();
      await admin.script('stopDataNode("dnode2")');
    } finally {
      admin.close();
    }
    await until(d, 'dnode2', 0);
    // …a crashed one comes back after the interval.
    const first = childPids(d.agentLog).get('dnode1')?.[0] ?? 0;
    process.kill(first, 'SIGKILL');
    await waitFor(() => ((childPids(d.agentLog).get('dnode1')?.length ?? 0) >= 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'dnode1 to be restarted',
    });
    await until(d, 'dnode1', 1);
    await waitForLog(d.agentLog, new RegExp(`dnode1 \\(pid ${first}\\) exited with signal SIGKILL\\.`));
    expect(await state(d, 'dnode2')).toBe(0);
    expect(childPids(d.agentLog).get('dnode2')).toHaveLength(1);
  }, 60_000);

  it('runs the start scripts ddb-setup renders, unchanged (templates/ssh/start.sh)', async () => {
    const server = await serverDir(join(tempDir(), 'server', '2.00.11.3'));
    const nodes = join(server, '..', '..', 'nodes');
    const [controller = 0, agent = 0, dn = 0] = await freePorts(3);
    const template = readFileSync(new URL('../../templates/ssh/start.sh', import.meta.url), 'utf8');
    const files = {
      controller: join(nodes, 'controller1', 'config', 'controller.cfg'),
      agent: join(nodes, 'agent1', 'config', 'agent.cfg'),
    };
    write(
      files.controller,
      `mode=controller\nlocalSite=127.0.0.1:${controller}:controller1\ndfsReplicationFactor=1\ndfsReplicaReliabilityLevel=0\ndataSync=1\nworkerNum=4\nmaxConnections=512\nmaxMemSize=8\nlanCluster=0\ndatanodeRestartInterval=60\ndfsMetaDir=${nodes}/controller1/dfsMeta\n`,
    );
    write(
      join(nodes, 'controller1', 'config', 'cluster.nodes'),
      `localSite,mode\n127.0.0.1:${agent}:agent1,agent\n127.0.0.1:${dn}:datanode1,datanode\n`,
    );
    write(join(nodes, 'controller1', 'config', 'cluster.cfg'), 'maxMemSize=8\nworkerNum=4\nlanCluster=0\n');
    write(
      files.agent,
      `mode=agent\nlocalSite=127.0.0.1:${agent}:agent1\ncontrollerSite=127.0.0.1:${controller}:controller1\nsites=127.0.0.1:${agent}:agent1:agent,127.0.0.1:${controller}:controller1:controller\nworkerNum=4\nmaxMemSize=4\nlanCluster=0\n`,
    );
    const script = (alias: string, mode: string, config: string, extra: string) =>
      write(
        join(nodes, alias, 'start.sh'),
        template
          .replaceAll('{{toolVersion}}', 'test')
          .replaceAll('{{mode}}', mode)
          .replaceAll('{{alias}}', alias)
          .replaceAll('{{serverDir}}', server)
          .replaceAll('{{nodeDir}}', join(nodes, alias))
          .replaceAll('{{configFile}}', config)
          .replaceAll(
            '{{arguments}}',
            `-console 0 -mode ${mode} -home ${nodes} -script dolphindb.dos -config ${config} -logFile ${join(nodes, alias, 'log', `${alias}.log`)}${extra}`,
          ),
      );
    const cfgDir = join(nodes, 'controller1', 'config');
    const controllerScript = script(
      'controller1',
      'controller',
      files.controller,
      ` -nodesFile ${cfgDir}/cluster.nodes -clusterConfig ${cfgDir}/cluster.cfg`,
    );
    const agentScript = script('agent1', 'agent', files.agent, '');
    const env = { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}` };
    for (const s of [controllerScript, agentScript]) execFileSync('sh', [s], { env, stdio: 'pipe' });
    const pidOf = (alias: string) => Number(readText(join(nodes, alias, 'dolphindb.pid')).trim());
    const logOf = (alias: string) => join(nodes, alias, 'log', `${alias}.log`);
    agentLog(logOf('agent1'));
    try {
      // datanodeRestartInterval=60 in the rendered controller.cfg: the controller starts datanode1.
      await waitFor(
        async () => {
          const perf = await ask('127.0.0.1', controller, 'getClusterPerf(true)');
          return rows(perf).find((r) => r['name'] === 'datanode1')?.['state'] === 1 ? true : undefined;
        },
        { timeoutMs: 20_000, what: 'datanode1 up' },
      );
      // The script's own check finds the running node again (`is_ours` matches its command line).
      expect(execFileSync('sh', [controllerScript], { env }).toString()).toMatch(
        /controller1 is already running \(pid \d+\)/,
      );
      expect(logLines(join(nodes, 'agent1', 'log', 'datanode1.log'))).toContain(
        '<INFO> :Job scheduler initialization completed.',
      );
      expect(existsSync(join(nodes, 'datanode1'))).toBe(true);
    } finally {
      for (const alias of ['controller1', 'agent1']) {
        const pid = pidOf(alias);
        if (pid && alive(pid)) process.kill(pid, 'SIGTERM');
      }
      await waitFor(() => (['controller1', 'agent1'].every((a) => !alive(pidOf(a))) ? true : undefined), {
        what: 'the nodes to stop',
      });
    }
    expect(logLines(logOf('controller1'))).toContain('<ERROR> : The socket server ended.');
  }, 60_000);
});

describe('cluster: users', () => {
  it('a password changed on the controller holds on the controller, the agent and a data node', async () => {
    const d = await clusterDemo();
    await startDemo(d);
    const admin = await TestClient.open('127.0.0.1', d.ports.controller);
    try {
      await admin.login();
      await admin.script('startDataNode(["dnode1"])');
      await until(d, 'dnode1', 1);
      await admin.script('changePwd("123456", "Cluster-pass1")');
    } finally {
      admin.close();
    }
    for (const port of [d.ports.controller, d.ports.agent, d.ports.dn1]) {
      expect(await logsIn('127.0.0.1', port, '123456')).toBe(false);
      expect(await logsIn('127.0.0.1', port, 'Cluster-pass1')).toBe(true);
    }
  }, 60_000);
});
