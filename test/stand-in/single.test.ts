/**
 * The stand-in as a single node: the official dolphindb.cfg, the command line, the API protocol
 * (forms and types of the answers), HTTP on the same port, the console and SIGTERM.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM, ServerError, TestClient, TYPE, arg, ask, columnTypes, rows } from './client.js';
import {
  exitOf,
  freePort,
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

/** The official single-node dolphindb.cfg (facts §1.3), on a free port. */
const officialCfg = (port: number) =>
  [
    `localSite=localhost:${port}:local8848`,
    'mode=single',
    'maxMemSize=32',
    'maxConnections=512',
    'workerNum=4',
    'localExecutors=3',
    'dataSync=1',
    'chunkCacheEngineMemSize=2',
    'newValuePartitionPolicy=add',
    'maxPubConnections=64',
    'subExecutors=4',
    'subPort=8849',
    'lanCluster=0',
    '',
  ].join('\n');

standInSuite();

/** Starts a single node in a fresh server directory; returns its port, directory and process. */
async function startSingle(extra: string[] = [], cfg?: (port: number) => string) {
  const dir = await serverDir(join(tempDir(), 'server'));
  const port = await freePort();
  write(join(dir, 'dolphindb.cfg'), (cfg ?? officialCfg)(port));
  const proc = run(join(dir, 'dolphindb'), ['-console', '0', ...extra]);
  const log = join(dir, 'dolphindb.log');
  await waitForLog(log, /Job scheduler initialization completed\./);
  return { dir, port, proc, log };
}

describe('single node', () => {
  it('starts from the official dolphindb.cfg and logs as DolphinDB does', async () => {
    const { log, proc } = await startSingle();
    const lines = logLines(log);
    expect(lines[0]).toBe(
      '<INFO> :ddb-setup stand-in for DolphinDB server 2.00.11.3 (test double, not DolphinDB)',
    );
    expect(lines).toContain('<INFO> :Job scheduler initialization completed.');
    // The whole line format: `<date> <time>.<µs>,<thread> <LEVEL> :message`.
    expect(readText(log).split('\n')[0]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6},[0-9a-f]{4} <INFO> :/,
    );
    expect(proc.child.exitCode).toBeNull();
  });

  it('answers the API protocol with the forms and types of the real server', async () => {
    const { port } = await startSingle();
    const client = await TestClient.open('127.0.0.1', port);
    try {
      // connect: `<session> 0 1` then OK
      expect(client.lastHeader).toMatch(/^\d+ 0 1$/);
      const version = await client.script('version()');
      expect(version).toMatchObject({ form: FORM.scalar, type: TYPE.string });
      expect(version?.form === 0 && String(version.value)).toMatch(/^2\.00\.11\.3 2024\.01\.18 .*stand-in/);
      expect(client.lastHeader).toMatch(/^\d+ 1 1$/);
      expect(await client.script('getNodeAlias()')).toEqual({
        form: 0,
        type: TYPE.string,
        value: 'local8848',
      });
      expect(await client.script('getNodeType()')).toEqual({ form: 0, type: TYPE.int, value: 3 });

      const licence = await client.script('license()');
      expect(licence?.form).toBe(FORM.dictionary);
      if (licence?.form !== 5) throw new Error('not a dictionary');
      expect(licence.keys).toMatchObject({ form: FORM.vector, type: TYPE.string });
      const keys = licence.keys.form === 1 ? licence.keys.values : [];
      expect(keys).toEqual(
        expect.arrayContaining(['authorization', 'maxMemoryPerNode', 'maxNodes', 'expiration']),
      );
      const values = licence.values.form === 1 ? licence.values.values : [];
      const entry = (k: string) => values[keys.indexOf(k)];
      expect(entry('maxNodes')).toEqual({ form: 0, type: TYPE.int, value: 3 });
      expect(entry('clientName')).toEqual({ form: 0, type: TYPE.string, value: 'Trial Users' });
      expect(entry('authorization')).toEqual({ form: 0, type: TYPE.string, value: 'free' });
      // DATE 2042.01.01 = days since 1970-01-01
      expect(entry('expiration')).toEqual({
        form: 0,
        type: TYPE.date,
        value: Date.UTC(2042, 0, 1) / 86_400_000,
      });

      const perf = await client.script('getClusterPerf()');
      expect(rows(perf)).toMatchObject([{ name: 'local8848', mode: 3, state: 1, port }]);
      expect(columnTypes(perf)).toMatchObject({
        name: TYPE.string,
        mode: TYPE.int,
        state: TYPE.int,
        port: TYPE.int,
      });
    } finally {
      client.close();
    }
  });

  it('answers errors on the status line, with the messages of the real server', async () => {
    const { port } = await startSingle();
    const client = await TestClient.open('127.0.0.1', port);
    try {
      await expect(client.script('login("admin", "wrong")')).rejects.toThrow(
        new ServerError('login("admin", "wrong") => The user name or password is incorrect.'),
      );
      expect(client.lastHeader).toMatch(/^\d+ 0 1$/);
      await expect(client.call('login', [arg.string('admin'), arg.string('nope')])).rejects.toThrow(
        'The user name or password is incorrect.',
      );
      await expect(
        client.call('scramClientFirst', [arg.string('admin'), arg.string('nonce')]),
      ).rejects.toThrow("Can't recognize function name scramClientFirst");
      await expect(client.script('noSuchFunction()')).rejects.toThrow(
        'Syntax Error: [line #1] Cannot recognize the token noSuchFunction',
      );
      await expect(client.script('getClusterPerf(true)')).resolves.toMatchObject({ form: FORM.table });
      await expect(client.script('startDataNode(`dn1)')).rejects.toThrow(
        'startDataNode(`dn1) => Only administrators execute function startDataNode',
      );
      await expect(client.script('getActiveMaster()')).rejects.toThrow(
        'Only master supports function getActiveMaster.',
      );
      // After a failed request the session goes on.
      expect(await client.value('1 + 1')).toBe(2);
    } finally {
      client.close();
    }
  });

  it('logs in with the script form and the function form official clients send', async () => {
    const { port } = await startSingle();
    const client = await TestClient.open('127.0.0.1', port);
    try {
      expect(await client.script('login("admin","123456")')).toBeUndefined();
      expect(client.lastHeader).toMatch(/^\d+ 0 1$/);
      await client.call('login', [arg.string('admin'), arg.string('123456'), arg.bool(false)]);
      expect(await client.call('getNodeAlias')).toEqual({ form: 0, type: TYPE.string, value: 'local8848' });
      expect(await client.value('typestr(getNodeType())')).toBe('INT');
    } finally {
      client.close();
    }
  });

  it('takes -key value overrides over the config file', async () => {
    const override = await freePort();
    const { log } = await startSingle(['-localSite', `127.0.0.1:${override}:other`, '-workerNum', '2']);
    expect(readText(log)).toContain(`Listening on port ${override} (API, HTTP) as single other.`);
    const answer = await ask('127.0.0.1', override, 'getConfig("workerNum")');
    expect(answer).toEqual({ form: 0, type: TYPE.string, value: '2' });
    expect(await ask('127.0.0.1', override, 'getNodeAlias()')).toMatchObject({ value: 'other' });
  });

  it('serves the web console and Prometheus metrics over HTTP on the same port', async () => {
    const { port, dir } = await startSingle();
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('not DolphinDB');
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    for (const name of [
      'cpuUsage',
      'memoryUsed',
      'memoryAlloc',
      'diskFreeSpace',
      'avgLoad',
      'runningJobs',
      'queuedJobs',
      'connectionNum',
    ])
      expect(text).toMatch(new RegExp(`^# TYPE ${name} gauge\\n${name} [0-9.e+-]+$`, 'm'));
    // webRoot=web next to the executable is served when present.
    write(join(dir, 'web', 'index.html'), '<html>packaged console</html>');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('<html>packaged console</html>');
    expect((await fetch(`http://127.0.0.1:${port}/nothing-here`)).status).toBe(404);
  });

  it('stops cleanly on SIGTERM', async () => {
    const { proc, log, port } = await startSingle();
    proc.child.kill('SIGTERM');
    expect(await exitOf(proc)).toEqual({ code: 0, signal: null });
    const lines = logLines(log);
    expect(lines).toContain('<INFO> :Received SIGTERM: shutting down the server.');
    expect(lines).toContain('<ERROR> : The socket server ended.');
    await expect(TestClient.open('127.0.0.1', port)).rejects.toThrow();
  });

  it('without -console 0 stops when its input ends (facts §1.2)', async () => {
    const dir = await serverDir(join(tempDir(), 'server'));
    const port = await freePort();
    write(join(dir, 'dolphindb.cfg'), officialCfg(port));
    const proc = run(join(dir, 'dolphindb'), []);
    expect(await exitOf(proc)).toEqual({ code: 0, signal: null });
    expect(readText(join(dir, 'dolphindb.log'))).toContain('Received the end of the console input');
  });

  it('runs scripts the official tools send', async () => {
    const { port } = await startSingle();
    const client = await TestClient.open('127.0.0.1', port);
    try {
      await client.login();
      expect(await client.value('(exec state from getClusterPerf() where name=`local8848)[0]')).toBe(1);
      expect(await client.value('rpc(getControllerAlias(), getClusterPerf).size()')).toBe(1);
      expect(await client.value('try{x = noSuch()}catch(ex){x = ex}; x')).toContain(
        'Cannot recognize the token noSuch',
      );
      expect(await client.value('all((exec state from getClusterPerf()) == 1)')).toBe(true);
      const v = await client.script('exec name from getClusterPerf() where mode in 0 3');
      expect(v).toEqual({ form: 1, type: TYPE.string, values: ['local8848'] });
    } finally {
      client.close();
    }
  });

  it('waits for an answer spread over several TCP packets', async () => {
    const { port } = await startSingle();
    const client = await TestClient.open('127.0.0.1', port);
    try {
      const body = Buffer.from('script\ngetNodeAlias()');
      const bytes = Buffer.concat([Buffer.from(`API ${client.session} ${body.length}\n`), body]);
      const pending = client.request(bytes.subarray(0, 7));
      await waitFor(() => true);
      (client as unknown as { socket: { write(b: Buffer): void } }).socket.write(bytes.subarray(7));
      expect(await pending).toEqual({ form: 0, type: TYPE.string, value: 'local8848' });
    } finally {
      client.close();
    }
  });
});
