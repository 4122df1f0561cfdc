/**
 * The stand-in DolphinDB server on the real test hosts, started by hand the way the official
 * tutorials do (unzip, hand-written config files, `./dolphindb -console 0 -mode …`), without
 * ddb-setup: a one-controller cluster (seed 002's shape) and a three-controller Raft group (seed
 * 001), whose leader's host is powered off to see a new leader elected.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetHosts, standInPackage, testDir, testLicence } from '../helpers/deploy-fixture.js';
import { testHostsFrom, waitFor, type TestHost } from '../helpers/test-hosts.js';
import { ask, rows } from '../stand-in/client.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('stand-in-hosts');
const home = '/srv/ddb';
let packageFile = '';
let licence = '';

beforeAll(() => {
  packageFile = standInPackage(dir);
  licence = testLicence(dir);
});
afterAll(() => resetHosts(hosts));

/** Copies a file to a host with OpenSSH's scp, as a person would (the hosts' /tmp is their own). */
function scp(host: TestHost, file: string, target: string): void {
  execFileSync('scp', [
    '-q',
    '-i',
    host.identityFile,
    '-o',
    `UserKnownHostsFile=${hosts.knownHostsFile}`,
    '-o',
    'BatchMode=yes',
    file,
    `root@${host.address}:${target}`,
  ]);
}

/** Unpacks the package on a host as the tutorials do, and writes the given files under server/. */
async function install(host: TestHost, files: Record<string, string>): Promise<void> {
  await hosts.exec(host, ['mkdir', '-p', '/srv']);
  scp(host, packageFile, '/srv/package.zip');
  scp(host, licence, '/srv/dolphindb.lic');
  const writes = Object.entries(files)
    .map(
      ([name, text]) =>
        `mkdir -p "$(dirname ${home}/server/${name})" && printf '%s' '${text}' > ${home}/server/${name}`,
    )
    .join(' && ');
  const result = await hosts.exec(host, [
    'sh',
    '-c',
    `rm -rf ${home} && mkdir -p ${home} && unzip -q /srv/package.zip -d ${home} && cp /srv/dolphindb.lic ${home}/server/dolphindb.lic && ${writes}`,
  ]);
  expect(result.code, result.stderr).toBe(0);
}

/** Starts a node in the background with the official command line (facts §2.7). */
async function start(host: TestHost, mode: 'controller' | 'agent', name: string): Promise<void> {
  const extra =
    mode === 'controller' ? ' -nodesFile config/cluster.nodes -clusterConfig config/cluster.cfg' : '';
  const command = `cd ${home}/server && nohup ./dolphindb -console 0 -mode ${mode} -home data -script dolphindb.dos -config config/${name}.cfg -logFile log/${name}.log${extra} > /dev/null 2>&1 & echo $! > ${home}/${name}.pid`;
  const result = await hosts.exec(host, ['sh', '-c', command]);
  expect(result.code, result.stderr).toBe(0);
}

async function scalar(host: TestHost, port: number, code: string, login = false): Promise<unknown> {
  const answer = await ask(host.address, port, code, login).catch(() => undefined);
  return answer && answer.form === 0 ? answer.value : undefined;
}

const clusterCfg = 'maxMemSize=8\nmaxConnections=512\nworkerNum=4\nchunkCacheEngineMemSize=2\nlanCluster=0\n';

describe('the stand-in on test hosts, configured by hand', { timeout: 120_000 }, () => {
  it('one controller (seed 002): agents register, data nodes start through the controller', async () => {
    await resetHosts(hosts);
    const nodes = [
      'localSite,mode',
      `${h1.address}:8990:master,controller`,
      `${h1.address}:8960:P1-agent,agent`,
      `${h1.address}:8961:P1-node1,datanode`,
      `${h2.address}:8960:P2-agent,agent`,
      `${h2.address}:8961:P2-node1,datanode`,
    ].join('\n');
    const agent = (host: TestHost, alias: string) =>
      `mode=agent\nlocalSite=${host.address}:8960:${alias}\ncontrollerSite=${h1.address}:8990:master\nworkerNum=4\nmaxMemSize=8\nlanCluster=0\n`;
    await install(h1, {
      'config/controller.cfg': `mode=controller\nlocalSite=${h1.address}:8990:master\ndfsReplicationFactor=1\ndfsReplicaReliabilityLevel=0\ndataSync=1\nworkerNum=4\nmaxConnections=512\nmaxMemSize=8\nlanCluster=0\n`,
      'config/cluster.nodes': `${nodes}\n`,
      'config/cluster.cfg': clusterCfg,
      'config/agent.cfg': agent(h1, 'P1-agent'),
    });
    await install(h2, { 'config/agent.cfg': agent(h2, 'P2-agent') });
    await start(h1, 'controller', 'controller');
    await start(h1, 'agent', 'agent');
    await start(h2, 'agent', 'agent');

    await waitFor(async () => (await scalar(h1, 8990, 'getActiveMaster()')) === 'master', {
      timeoutMs: 20_000,
      what: 'the controller',
    });
    const agentsUp = async () => {
      const perf = rows(await ask(h1.address, 8990, 'getClusterPerf(true)'));
      return ['P1-agent', 'P2-agent'].every((a) => perf.find((r) => r['name'] === a)?.['state'] === 1);
    };
    await waitFor(agentsUp, { timeoutMs: 20_000, what: 'both agents to register' });
    await ask(h1.address, 8990, 'startDataNode(["P1-node1", "P2-node1"])', true);
    await waitFor(
      async () => {
        const perf = rows(await ask(h1.address, 8990, 'getClusterPerf(true)'));
        return ['P1-node1', 'P2-node1'].every((n) => perf.find((r) => r['name'] === n)?.['state'] === 1);
      },
      { timeoutMs: 30_000, what: 'both data nodes to come up' },
    );
    // Each data node is a process on its own host, listening on its own port.
    expect(await scalar(h2, 8961, 'getNodeAlias()')).toBe('P2-node1');
    const log = await hosts.exec(h2, [
      'sh',
      '-c',
      `cat ${home}/server/data/P2-node1/*.log ${home}/server/log/*.log 2>/dev/null`,
    ]);
    expect(log.stdout).toContain('Job scheduler initialization completed.');

    // The node's one port also speaks HTTP: the console page and Prometheus metrics (facts §6.3).
    expect((await fetch(`http://${h1.address}:8990/`)).status).toBe(200);
    expect(await (await fetch(`http://${h2.address}:8961/metrics`)).text()).toMatch(/^memoryUsed /m);

    // SIGTERM stops a node cleanly, with the line the docs call normal at shutdown.
    const stop = await hosts.exec(h2, ['sh', '-c', `kill -TERM $(cat ${home}/agent.pid) && echo sent`]);
    expect(stop.stdout).toContain('sent');
    await waitFor(
      async () => (await hosts.exec(h2, ['sh', '-c', `kill -0 $(cat ${home}/agent.pid)`])).code !== 0,
      {
        timeoutMs: 20_000,
        what: 'the agent on h2 to exit',
      },
    );
    const agentLog = await hosts.exec(h2, ['cat', `${home}/server/log/agent.log`]);
    expect(agentLog.stdout).toContain('The socket server ended.');
  });

  it('three Raft controllers (seed 001): one leader; the leader host powered off, another is elected', async () => {
    await resetHosts(hosts);
    const all = [h1, h2, h3];
    const nodes = [
      'localSite,mode',
      ...all.map((h, i) => `${h.address}:8800:controller${i + 1},controller`),
      ...all.flatMap((h, i) => [
        `${h.address}:8801:agent${i + 1},agent`,
        `${h.address}:8802:datanode${i + 1},datanode`,
      ]),
    ].join('\n');
    const sites = all.map((h, i) => `${h.address}:8800:controller${i + 1}:controller`).join(',');
    for (const [i, host] of all.entries()) {
      await install(host, {
        'config/controller.cfg': `mode=controller\nlocalSite=${host.address}:8800:controller${i + 1}\ndfsReplicationFactor=2\ndfsReplicaReliabilityLevel=1\ndataSync=1\nworkerNum=4\nmaxConnections=512\nmaxMemSize=8\ndfsHAMode=Raft\nraftElectionTick=100\nlanCluster=0\n`,
        'config/cluster.nodes': `${nodes}\n`,
        'config/cluster.cfg': clusterCfg,
        'config/agent.cfg': `mode=agent\nlocalSite=${host.address}:8801:agent${i + 1}\ncontrollerSite=${h1.address}:8800:controller1\nsites=${host.address}:8801:agent${i + 1}:agent,${sites}\nworkerNum=4\nmaxMemSize=8\nlanCluster=0\n`,
      });
      await start(host, 'controller', 'controller');
    }
    const leaderSeenBy = async (which: readonly TestHost[]) => {
      const answers = await Promise.all(which.map((h) => scalar(h, 8800, 'getActiveMaster()')));
      return answers.every((a) => typeof a === 'string' && a !== '' && a === answers[0])
        ? (answers[0] as string)
        : undefined;
    };
    const leader = await waitFor(() => leaderSeenBy(all), {
      timeoutMs: 30_000,
      what: 'one leader named by all three',
    });
    const leaderHost = all[Number(leader.replace('controller', '')) - 1];
    if (!leaderHost) throw new Error(`unexpected leader ${leader}`);

    await hosts.powerOff(leaderHost);
    const rest = all.filter((h) => h !== leaderHost);
    const next = await waitFor(
      async () => {
        const named = await leaderSeenBy(rest);
        return named !== undefined && named !== leader ? named : undefined;
      },
      { timeoutMs: 30_000, what: 'the two remaining controllers to elect a new leader' },
    );
    expect(rest.map((h) => h.address)).toContain(all[Number(next.replace('controller', '')) - 1]?.address);
    const newLeaderHost = all[Number(next.replace('controller', '')) - 1] as TestHost;
    const log = await hosts.exec(newLeaderHost, ['sh', '-c', `cat ${home}/server/log/controller.log`]);
    expect(log.stdout).toMatch(/became leader/);
  });
});
