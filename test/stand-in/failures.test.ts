/**
 * Start failures: each one exits with status 1 and writes its log line — the documented line where
 * facts §9 quotes one, the stand-in's stated wording where the real one is not public (PROTOCOL.md
 * §5 lists which is which). Also: what official files contain is accepted.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestClient, ask } from './client.js';
import {
  agentLog,
  childPids,
  exitOf,
  freePort,
  freePorts,
  logLines,
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

/**
 * Waits for exit status 1 and returns the log lines without timestamps. A failure found before the
 * node is up never logs `Job scheduler initialization completed.`; one found later (an agent the
 * controller rejects) does, with `afterStart`.
 */
async function failsWith(proc: Proc, log: string, expected: string[], afterStart = false): Promise<string[]> {
  const status = await exitOf(proc);
  expect(status).toEqual({ code: 1, signal: null });
  const lines = logLines(log);
  for (const line of expected) expect(lines).toContain(line);
  if (!afterStart) expect(lines).not.toContain('<INFO> :Job scheduler initialization completed.');
  return lines;
}

/** A controller directory with the given files; returns paths and a starter. */
async function controllerDir(
  files: { controller?: string; nodes?: string; cluster?: string },
  licence?: string,
) {
  const server = await serverDir(join(tempDir(), 'server'), licence);
  const port = await freePort();
  const cfg = write(
    join(server, 'config', 'controller.cfg'),
    files.controller ?? `mode=controller\nlocalSite=127.0.0.1:${port}:controller8900\nlanCluster=0\n`,
  );
  const nodes = write(join(server, 'config', 'cluster.nodes'), files.nodes ?? 'localSite,mode\n');
  const cluster = write(join(server, 'config', 'cluster.cfg'), files.cluster ?? 'maxMemSize=8\n');
  const log = join(server, 'log', 'controller.log');
  const start = () =>
    run(join(server, 'dolphindb'), [
      '-console',
      '0',
      '-mode',
      'controller',
      '-home',
      join(server, 'data'),
      '-config',
      cfg,
      '-logFile',
      log,
      '-nodesFile',
      nodes,
      '-clusterConfig',
      cluster,
    ]);
  return { server, port, cfg, nodes, cluster, log, start };
}

describe('start failures', () => {
  it('a blank first line of dolphindb.cfg', async () => {
    const server = await serverDir(join(tempDir(), 'server'));
    const cfg = write(
      join(server, 'dolphindb.cfg'),
      `\nlocalSite=localhost:${await freePort()}:local8848\nmode=single\n`,
    );
    const proc = run(join(server, 'dolphindb'), ['-console', '0']);
    await failsWith(proc, join(server, 'dolphindb.log'), [
      `<ERROR> :Failed to load the configuration file [${cfg}] with error: The input file is empty.`,
    ]);
  });

  it('a blank first line of controller.cfg or cluster.cfg', async () => {
    const a = await controllerDir({ controller: '   \nmode=controller\nlocalSite=127.0.0.1:1:c\n' });
    await failsWith(a.start(), a.log, [
      `<ERROR> :Failed to load the configuration file [${a.cfg}] with error: The input file is empty.`,
    ]);
    const b = await controllerDir({ cluster: '\nmaxMemSize=8\n' });
    await failsWith(b.start(), b.log, [
      `<ERROR> :Failed to load the configuration file [${b.cluster}] with error: The input file is empty.`,
    ]);
  });

  it('a blank first line of cluster.nodes (the documented message)', async () => {
    const c = await controllerDir({ nodes: '\nlocalSite,mode\n127.0.0.1:8901:agent1,agent\n' });
    await failsWith(c.start(), c.log, [
      `<ERROR> :Failed to load the nodes file [${c.nodes}] with error: The input file is empty.`,
    ]);
  });

  it('a port in use: error code 98', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    try {
      const server = await serverDir(join(tempDir(), 'server'));
      write(join(server, 'dolphindb.cfg'), `localSite=localhost:${port}:local8848\nmode=single\n`);
      await failsWith(run(join(server, 'dolphindb'), ['-console', '0']), join(server, 'dolphindb.log'), [
        `<ERROR> :Failed to bind the socket on port ${port} with error code 98`,
        `<ERROR> :Failed to bind the socket on port ${port}. Shutting down the server. Please try again in a couple of minutes.`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('an expired licence', async () => {
    const server = await serverDir(join(tempDir(), 'server'), '2021.03.31,4,2,3,Trial Users,0,-1,,1\n');
    write(join(server, 'dolphindb.cfg'), `localSite=localhost:${await freePort()}:local8848\nmode=single\n`);
    const lines = await failsWith(
      run(join(server, 'dolphindb'), ['-console', '0']),
      join(server, 'dolphindb.log'),
      [
        '<WARNING> :The license has expired. Please renew the license and restart the server.',
        '<ERROR> : The license has expired.',
      ],
    );
    expect(
      lines.indexOf('<WARNING> :The license has expired. Please renew the license and restart the server.'),
    ).toBeLessThan(lines.indexOf('<ERROR> : The license has expired.'));
    // The same with a valid dolphindb.lic next to the executable and `-license` naming the expired one.
    const other = await serverDir(join(tempDir(), 'server'));
    const expired = write(join(tempDir(), 'old.lic'), '2021.03.31,4,2,3,Trial Users,0,-1,,1\n');
    write(join(other, 'dolphindb.cfg'), `localSite=localhost:${await freePort()}:local8848\nmode=single\n`);
    await failsWith(
      run(join(other, 'dolphindb'), ['-console', '0', '-license', expired]),
      join(other, 'dolphindb.log'),
      ['<ERROR> : The license has expired.'],
    );
  });

  it('more nodes than the licence allows (community: 3 controllers, data and compute nodes)', async () => {
    const [a = 0, d1 = 0, d2 = 0, d3 = 0] = await freePorts(4);
    const rows = [
      `127.0.0.1:${a}:agent1,agent`,
      `127.0.0.1:${d1}:dn1,datanode`,
      `127.0.0.1:${d2}:dn2,datanode`,
    ];
    // controller + 2 data nodes (+ an agent, which does not count) = 3: starts.
    const ok = await controllerDir({ nodes: ['localSite,mode', ...rows, ''].join('\n') });
    const proc = ok.start();
    await waitForLog(ok.log, /Job scheduler initialization completed\./);
    proc.child.kill('SIGTERM');
    await exitOf(proc);
    const tooMany = await controllerDir({
      nodes: ['localSite,mode', ...rows, `127.0.0.1:${d3}:cn1,computenode`, ''].join('\n'),
    });
    await failsWith(tooMany.start(), tooMany.log, [
      '<ERROR> :The number of nodes in the cluster [4] exceeds the maximum number of nodes [3] allowed by the license.',
    ]);
  });

  it('alias.key=…<ALIAS>… in cluster.cfg', async () => {
    const c = await controllerDir({
      nodes: 'localSite,mode\n127.0.0.1:8901:agent1,agent\n127.0.0.1:8902:P1-datanode,datanode\n',
      cluster:
        'maxMemSize=8\npersistenceDir=/hdd/hdd1/streamCache/<ALIAS>\nP1-datanode.persistenceDir=/hdd/hdd1/streamCache/<ALIAS>\n',
    });
    await failsWith(c.start(), c.log, [
      `<ERROR> :Failed to load the configuration file [${c.cluster}] with error: The macro <ALIAS> cannot be used in the setting P1-datanode.persistenceDir of a specific node.`,
    ]);
  });

  it('an agent whose controllerSite names no controller', async () => {
    const c = await controllerDir({});
    const [agentPort = 0] = await freePorts(1);
    write(c.nodes, `localSite,mode\n127.0.0.1:${agentPort}:agent1,agent\n`);
    const controller = c.start();
    await waitForLog(c.log, /Job scheduler initialization completed\./);
    const exe = join(c.server, 'dolphindb');
    const agentWith = (name: string, lines: string[]) => {
      const cfg = write(
        join(c.server, 'config', `${name}.cfg`),
        ['mode=agent', `localSite=127.0.0.1:${agentPort}:agent1`, ...lines, ''].join('\n'),
      );
      const log = join(c.server, 'log', `${name}.log`);
      return {
        log,
        proc: run(exe, [
          '-console',
          '0',
          '-mode',
          'agent',
          '-home',
          join(c.server, 'data'),
          '-config',
          cfg,
          '-logFile',
          log,
        ]),
      };
    };
    // Only the alias differs (facts §2.2 "even if only the alias changes").
    const wrongAlias = agentWith('agent-alias', [`controllerSite=127.0.0.1:${c.port}:controller1`]);
    const lines = await failsWith(wrongAlias.proc, wrongAlias.log, [], true);
    expect(lines.join('\n')).toMatch(
      new RegExp(
        `<ERROR> :The controllerSite \\[127\\.0\\.0\\.1:${c.port}:controller1\\] does not name a controller that accepts this agent: ` +
          `The controllerSite \\[127\\.0\\.0\\.1:${c.port}:controller1\\] of agent1 does not name a controller of this cluster`,
      ),
    );
    // `sites` lists the controllers; controllerSite must be one of them.
    const notInSites = agentWith('agent-sites', [
      `controllerSite=127.0.0.1:${c.port}:controller8900`,
      `sites=127.0.0.1:${agentPort}:agent1:agent,127.0.0.1:${c.port}:controller9999:controller`,
    ]);
    await failsWith(notInSites.proc, notInSites.log, [
      `<ERROR> :The controllerSite [127.0.0.1:${c.port}:controller8900] names no controller in sites [127.0.0.1:${agentPort}:agent1:agent,127.0.0.1:${c.port}:controller9999:controller].`,
    ]);
    // The site is a node, but not a controller.
    const single = await serverDir(join(tempDir(), 'single'));
    const singlePort = await freePort();
    write(join(single, 'dolphindb.cfg'), `localSite=127.0.0.1:${singlePort}:local8848\nmode=single\n`);
    run(join(single, 'dolphindb'), ['-console', '0']);
    await waitForLog(join(single, 'dolphindb.log'), /Job scheduler initialization completed\./);
    const notController = agentWith('agent-single', [`controllerSite=127.0.0.1:${singlePort}:local8848`]);
    const l3 = await failsWith(notController.proc, notController.log, [], true);
    expect(l3.join('\n')).toContain('local8848 is not a controller.');
    expect(controller.child.exitCode).toBeNull();
  });

  it('a home path with spaces: the data node fails, controller and agent run', async () => {
    const server = await serverDir(join(tempDir(), 'with space', 'server'));
    const [cp = 0, ap = 0, dp = 0] = await freePorts(3);
    write(
      join(server, 'config', 'controller.cfg'),
      `mode=controller\nlocalSite=127.0.0.1:${cp}:controller8900\nlanCluster=0\n`,
    );
    write(
      join(server, 'config', 'agent.cfg'),
      `mode=agent\nlocalSite=127.0.0.1:${ap}:agent1\ncontrollerSite=127.0.0.1:${cp}:controller8900\n`,
    );
    write(
      join(server, 'config', 'cluster.nodes'),
      `localSite,mode\n127.0.0.1:${ap}:agent1,agent\n127.0.0.1:${dp}:dnode1,datanode\n`,
    );
    const exe = join(server, 'dolphindb');
    run(
      exe,
      '-console 0 -mode controller -home data -config config/controller.cfg -logFile log/controller.log -nodesFile config/cluster.nodes'.split(
        ' ',
      ),
      server,
    );
    run(
      exe,
      '-console 0 -mode agent -home data -config config/agent.cfg -logFile log/agent.log'.split(' '),
      server,
    );
    const alog = agentLog(join(server, 'log', 'agent.log'));
    await waitForLog(join(server, 'log', 'controller.log'), /agent agent1 .* is online/);
    const client = await TestClient.open('127.0.0.1', cp);
    try {
      await client.login();
      await client.script('startDataNode(`dnode1)');
    } finally {
      client.close();
    }
    const pid = await waitFor(() => childPids(alog).get('dnode1')?.[0]);
    await waitForLog(alog, new RegExp(`dnode1 \\(pid ${pid}\\) exited with code 1\\.`));
    expect(logLines(join(server, 'log', 'dnode1.log'))).toContain(
      `<ERROR> :Cannot open configuration file: the path [${join(server, 'data', 'dnode1')}] contains a space or a non-ASCII character.`,
    );
    expect(
      await ask('127.0.0.1', cp, '(exec state from getClusterPerf() where name=`dnode1)[0]'),
    ).toMatchObject({ value: 0 });
  });

  it('settings the server would reject', async () => {
    const check = async (cfg: string, expected: (cfgPath: string) => string, args: string[] = []) => {
      const server = await serverDir(join(tempDir(), 'server'));
      const path = write(join(server, 'dolphindb.cfg'), cfg);
      await failsWith(
        run(join(server, 'dolphindb'), ['-console', '0', ...args]),
        join(server, 'dolphindb.log'),
        [expected(path)],
      );
    };
    const port = await freePort();
    await check(
      `localSite=localhost:${port}:local8848\nmode=single\ndfsReplicaReliabilityLevel=5\n`,
      (path) =>
        `<ERROR> :Invalid value [5] for the configuration parameter dfsReplicaReliabilityLevel in ${path}.`,
    );
    await check(
      `localSite=localhost:${port}\nmode=single\n`,
      () => `<ERROR> :Invalid localSite [localhost:${port}]. It must be host:port:alias.`,
    );
    await check(
      `localSite=localhost:${port}:a\nmode=single\n`,
      () => '<ERROR> :Invalid value [master] for the configuration parameter mode in the command line.',
      ['-mode', 'master'],
    );
    const server = await serverDir(join(tempDir(), 'server'));
    const proc = run(join(server, 'dolphindb'), ['-console']);
    expect(await exitOf(proc)).toEqual({ code: 1, signal: null });
    expect(proc.output() + readText(join(server, 'dolphindb.log'))).toContain(
      'The command line argument [-console] has no value.',
    );
    const dup = await controllerDir({
      nodes: 'localSite,mode\n127.0.0.1:8901:agent1,agent\n127.0.0.1:8902:agent1,datanode\n',
    });
    await failsWith(dup.start(), dup.log, [
      `<ERROR> :Failed to load the nodes file [${dup.nodes}] with error: Duplicate node alias [agent1].`,
    ]);
  });

  it('accepts what official files contain: unknown keys (workNum), localSite with a trailing mode, <ALIAS> and wildcards', async () => {
    const [cp = 0, ap = 0] = await freePorts(2);
    const c = await controllerDir({
      nodes: `localSite,mode\n127.0.0.1:${ap}:P1-agent,agent\n127.0.0.1:8902:P1-node1,datanode\n`,
      cluster:
        'maxMemSize=8\nvolumes=/hdd/<ALIAS>/storage\nP1-%.publicName=19.56.128.21\nP1-node?.maxMemSize=16\n',
      controller: `mode=controller\nlocalSite=127.0.0.1:${cp}:master\ndfsReplicationFactor=1\ndfsReplicaReliabilityLevel=0\nchunkCacheEngineMemSize=8\nworkNum=4\n`,
    });
    const controller = c.start();
    await waitForLog(c.log, /Job scheduler initialization completed\./);
    expect(readText(c.log)).toContain('Unrecognized configuration parameter workNum');
    // The quick compose package's agent1.cfg (facts §8.2): `localSite=…:P1-agent,agent`.
    const cfg = write(
      join(c.server, 'config', 'agent1.cfg'),
      `mode=agent\nlocalSite=127.0.0.1:${ap}:P1-agent,agent\ncontrollerSite=127.0.0.1:${cp}:master\nworkNum=4\n`,
    );
    const log = join(c.server, 'log', 'agent1.log');
    run(join(c.server, 'dolphindb'), [
      '-console',
      '0',
      '-mode',
      'agent',
      '-home',
      join(c.server, 'data'),
      '-config',
      cfg,
      '-logFile',
      log,
    ]);
    await waitForLog(c.log, /agent P1-agent .* is online/);
    const perf = await ask(
      '127.0.0.1',
      cp,
      'select name, publicName, maxMemSize from getClusterPerf() where name="P1-node1"',
    );
    expect(perf).toMatchObject({
      columns: [
        { name: 'name', column: { values: ['P1-node1'] } },
        { name: 'publicName', column: { values: ['19.56.128.21'] } },
        { name: 'maxMemSize', column: { values: [16] } },
      ],
    });
    expect(controller.child.exitCode).toBeNull();
  });
});
