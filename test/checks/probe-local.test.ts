/**
 * The probe, the listener and the connections run for real on this machine through the local
 * executor (the same scripts go over SSH to a server): what they report is parsed and judged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAll } from '../../source/checks/connect-all.js';
import { runChecks } from '../../source/checks/run-checks.js';
import { parseHostFacts } from '../../source/checks/host-facts.js';
import type { HostExpectation } from '../../source/checks/host-expectations.js';
import { hostFindings } from '../../source/checks/host-findings.js';
import { probeScript } from '../../source/checks/probe-script.js';
import { parseProber, proberScript } from '../../source/checks/prober-script.js';
import { listenerScript, reachabilityFindings } from '../../source/checks/reachability.js';
import type { Executor } from '../../source/deploy/executor.js';
import { LocalExecutor } from '../../source/deploy/executors/local-executor.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(port: number): Promise<Server> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
  cleanups.push(() => server.close());
  return server;
}

function expectation(host: string, clusterDir: string, ports: number[]): HostExpectation {
  return {
    host,
    address: '127.0.0.1',
    clusterDir,
    serverDir: `${clusterDir}/server/2.00.11.3`,
    ports: ports.map((port, index) => ({ port, alias: `node${index + 1}`, index })),
    volumes: [],
    memory: [],
    archive: 'zip',
    downloads: false,
  };
}

describe('probe on this machine', () => {
  it('reports the system, a creatable directory, and who holds each port', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ddbt-probe-'));
    const clusterDir = join(root, 'deploy', 'demo');
    const [foreign, own, free] = [await freePort(), await freePort(), await freePort()];
    await listening(foreign);
    // A process started from the cluster directory (its command line names it), as a node is.
    const node: ChildProcess = spawn(
      process.execPath,
      [
        '-e',
        `require('net').createServer().listen(${own}, () => console.log('up'))`,
        `${clusterDir}/nodes/node2`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    cleanups.push(() => node.kill());
    await new Promise((resolve) => node.stdout?.once('data', resolve));
    const expect1 = expectation('P1', clusterDir, [foreign, own, free]);
    const result = await new LocalExecutor('P1').exec(probeScript(expect1));
    expect(result.code).toBe(0);
    const facts = parseHostFacts(result.stdout, 0);
    expect(facts.os).toBe('Linux');
    expect(facts.cluster).toMatchObject({ base: root, exists: false, writable: true });
    expect(facts.clockMs).toBeGreaterThan(Date.now() - 60_000);
    expect(facts.memTotalKB).toBeGreaterThan(0);
    const ports = hostFindings({ expect: expect1, facts, packageBytes: 1000, packageArch: undefined }).filter(
      (f) => f.check === 'port',
    );
    expect(ports.map((f) => [f.level, f.message])).toEqual([
      ['error', `${foreign} (node1) is already in use by another program`],
      ['ok', `${own} (node2) is held by this deployment`],
      ['ok', `${free} (node3) is free`],
    ]);
  });

  it('sees a foreign non-empty directory and an existing marker', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ddbt-probe-'));
    const clusterDir = join(root, 'demo');
    mkdirSync(clusterDir);
    writeFileSync(join(clusterDir, 'data.bin'), 'x');
    const run = async () =>
      parseHostFacts(
        (await new LocalExecutor('P1').exec(probeScript(expectation('P1', clusterDir, [])))).stdout,
        0,
      );
    expect(await run()).toMatchObject({ marker: false, cluster: { exists: true, nonEmpty: true } });
    writeFileSync(join(clusterDir, '.ddb-setup'), 'cluster demo: created by ddb-setup\n');
    expect(await run()).toMatchObject({ marker: true });
  });
});

describe('what an earlier run left, read by the probe', () => {
  it('sizes the archive, a partial upload and a marked partial unpack; an unmarked one is not counted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ddbt-probe-'));
    const clusterDir = join(root, 'demo');
    const expect1 = { ...expectation('P1', clusterDir, []), packageArchive: `${clusterDir}/server/p.zip` };
    const partial = `${expect1.serverDir}.unpacking`;
    mkdirSync(join(partial, 'server'), { recursive: true });
    writeFileSync(join(clusterDir, 'server', 'p.zip'), Buffer.alloc(5000));
    writeFileSync(join(clusterDir, 'server', 'p.zip.ddb-setup-part'), Buffer.alloc(300 * 1024));
    writeFileSync(join(partial, 'server', 'libDolphinDB.so'), Buffer.alloc(200 * 1024, 1));
    const run = async () =>
      parseHostFacts((await new LocalExecutor('P1').exec(probeScript(expect1))).stdout, 0).leftovers;
    expect(await run()).toMatchObject({ archiveBytes: 5000, unpackingKB: undefined });
    expect((await run()).uploadKB).toBeGreaterThanOrEqual(300);
    writeFileSync(join(partial, '.ddb-setup-unpacking'), 'abc p.zip\n');
    expect((await run()).unpackingKB).toBeGreaterThanOrEqual(200);
  });
});

describe('the whole check on this machine', () => {
  it('names this machine instead of an SSH login, and changes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ddbt-probe-'));
    const clusterDir = join(root, 'demo');
    const findings = await runChecks({
      expectations: [expectation('P1', clusterDir, [await freePort()])],
      executors: new Map([['P1', new LocalExecutor('P1')]]),
      localHosts: new Set(['P1']),
      packageBytes: 1000,
      packageArch: undefined,
      reachability: false,
      now: () => performance.now(),
    });
    expect(findings.find((f) => f.check === 'ssh')?.message).toMatch(/^this machine \(no SSH needed\), as /);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(existsSync(clusterDir)).toBe(false);
  });
});

describe('reachability on this machine', () => {
  it('listens on free ports, connects from the other host, and finds a port nobody answers on', async () => {
    const [p1, p2, dead] = [await freePort(), await freePort(), await freePort()];
    const a = expectation('A', '/nonexistent/a', [p1, dead]);
    const b = expectation('B', '/nonexistent/b', [p2]);
    const none = parseHostFacts('', 0);
    // `dead` counts as taken, so no listener is started on it, and nothing else listens there.
    const aFacts = { ...none, listening: new Map([[dead, ['1']]]) };
    const executors = new Map([
      ['A', new LocalExecutor('A')],
      ['B', new LocalExecutor('B')],
    ]);
    const results = await connectAll(
      [
        { expect: a, facts: aFacts },
        { expect: b, facts: none },
      ],
      executors,
    );
    expect(results.map((r) => [r.from, r.to, r.port.port, r.outcome])).toEqual(
      expect.arrayContaining([
        ['B', 'A', p1, 'reached'],
        ['B', 'A', dead, 'refused'],
        ['A', 'B', p2, 'reached'],
      ]),
    );
    const findings = reachabilityFindings(results);
    expect(findings).toContainEqual(
      expect.objectContaining({
        level: 'error',
        host: 'A',
        message: expect.stringContaining(
          `B cannot reach A at 127.0.0.1 on ${dead} (node2): connection refused`,
        ),
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ level: 'ok', host: 'B', message: 'its ports are reachable from A' }),
    );
  });

  it('with python3 on the source, one prober command per source tells reached from refused, as forwarding does', async () => {
    const [p1, p2, dead] = [await freePort(), await freePort(), await freePort()];
    const a = expectation('A', '/nonexistent/a', [p1, dead]);
    const b = expectation('B', '/nonexistent/b', [p2]);
    const none = parseHostFacts('command python3', 0);
    const aFacts = { ...none, listening: new Map([[dead, ['1']]]) };
    // Forwarding would fail: only the prober can produce these outcomes.
    const noForwarding = (host: string): Executor => {
      const local = new LocalExecutor(host);
      return {
        host,
        exec: (script, options) => local.exec(script, options),
        upload: (...args) => local.upload(...args),
        writeFiles: (files) => local.writeFiles(files),
        close: () => local.close(),
        openStream: () => Promise.reject(new Error('forwarding used')),
      };
    };
    const results = await connectAll(
      [
        { expect: a, facts: aFacts },
        { expect: b, facts: none },
      ],
      new Map([
        ['A', noForwarding('A')],
        ['B', noForwarding('B')],
      ]),
    );
    expect(results.map((r) => [r.from, r.to, r.port.port, r.outcome])).toEqual([
      ['B', 'A', p1, 'reached'],
      ['B', 'A', dead, 'refused'],
      ['A', 'B', p2, 'reached'],
    ]);
  });

  it('with one connection at a time, the prober still answers for every target, each once', async () => {
    const open = await freePort();
    await listening(open);
    const closed = await freePort();
    const targets = [`127.0.0.1:${open}`, `127.0.0.1:${closed}`, `127.0.0.1:${open}`];
    const result = await new LocalExecutor('A').exec(proberScript(targets, 1, 2));
    expect(parseProber(result.stdout)).toEqual(
      new Map([
        [`127.0.0.1:${open}`, 'reached'],
        [`127.0.0.1:${closed}`, 'refused'],
      ]),
    );
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(parseProber('no-prober\n')).toBeUndefined();
  });

  it('confirms a failure before reporting it: a connection slow once (a busy machine) is reached on the second try', async () => {
    const [p1, dead] = [await freePort(), await freePort()];
    const a = expectation('A', '/nonexistent/a', [p1, dead]);
    const b = expectation('B', '/nonexistent/b', []);
    const none = parseHostFacts('', 0);
    const aFacts = { ...none, listening: new Map([[dead, ['1']]]) };
    // B's first connection to each port opens only after 600 ms, past the first limit (200 ms).
    const local = new LocalExecutor('B');
    const tried = new Set<number>();
    const slowOnce: Executor = {
      host: 'B',
      exec: (script, options) => local.exec(script, options),
      upload: (...args) => local.upload(...args),
      writeFiles: (files) => local.writeFiles(files),
      close: () => local.close(),
      async openStream(address, port, signal) {
        if (!tried.has(port)) {
          tried.add(port);
          await new Promise((resolve) => setTimeout(resolve, 600));
        }
        return local.openStream(address, port, signal);
      },
    };
    const executors = new Map<string, Executor>([
      ['A', new LocalExecutor('A')],
      ['B', slowOnce],
    ]);
    const results = await connectAll(
      [
        { expect: a, facts: aFacts },
        { expect: b, facts: none },
      ],
      executors,
      undefined,
      { firstMs: 200, confirmMs: 3_000 },
    );
    const from = (port: number) => results.find((r) => r.from === 'B' && r.port.port === port)?.outcome;
    expect(from(p1)).toBe('reached');
    // A port nobody answers on fails both times: still a finding.
    expect(from(dead)).toBe('refused');
  });

  it('the perl listener answers as the python one does', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ddbt-perl-only-'));
    symlinkSync('/usr/bin/perl', join(bin, 'perl'));
    const port = await freePort();
    const controller = new AbortController();
    const lines: string[] = [];
    const ready = new Promise<void>((resolve) => {
      void new LocalExecutor('P1')
        .exec(`PATH=${bin}\n${listenerScript([port], 10)}`, {
          signal: controller.signal,
          onLine: (line) => {
            lines.push(line);
            if (line === 'ready') resolve();
          },
        })
        .catch(() => undefined);
    });
    await ready;
    expect(lines).toContain(`listening ${port}`);
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(port, '127.0.0.1');
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(banner).toBe('ddb-setup-probe\n');
    controller.abort();
  });

  it('says so when a host has neither python3 nor perl', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ddbt-no-interpreter-'));
    const result = await new LocalExecutor('P1').exec(`PATH=${bin}\n${listenerScript([1], 1)}`);
    expect(result.stdout.trim()).toBe('no-listener');
  });
});
