/**
 * The stand-in package: `npm run stand-in:package` writes DolphinDB_Linux64_V<version>.zip with the
 * official layout, exactly --size bytes, that `unzip` tests and lists cleanly (Unix modes, the
 * executable bit), and whose start scripts run the stand-in unchanged.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ask, rows } from './client.js';
import {
  adoptFromLog,
  agentLog,
  alive,
  cleanup,
  freePorts,
  logLines,
  readText,
  removeTempDirs,
  tempDir,
  waitFor,
  waitForLog,
} from './harness.js';

afterEach(cleanup);
afterAll(removeTempDirs);

const root = join(import.meta.dirname, '..', '..');

function pack(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'test', 'stand-in', 'pack.mjs'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('stand-in package', () => {
  it('writes the official name and layout, padded to exactly --size, which unzip accepts', () => {
    const dir = tempDir();
    const output = pack(['--version', '2.00.11.3', '--out', dir, '--size', '3000000']);
    const zip = join(dir, 'DolphinDB_Linux64_V2.00.11.3.zip');
    expect(output).toContain(`wrote ${zip} (3000000 bytes)`);
    expect(statSync(zip).size).toBe(3_000_000);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' });
    expect(listing).toMatch(/^-rwxr-xr-x .* unx .* server\/dolphindb$/m);
    expect(listing).toMatch(/^-rwxr-xr-x .* server\/startSingle\.sh$/m);
    expect(listing).toMatch(/^drwxr-xr-x .* server\/clusterDemo\/log\/$/m);
    expect(listing).toMatch(/^-rw-r--r-- .* stor .* server\/STAND-IN-PADDING\.bin$/m);
    for (const name of [
      'STAND-IN.txt',
      'server/dolphindb.lic',
      'server/dolphindb.cfg',
      'server/dolphindb.dos',
      'server/web/index.html',
      'server/clusterDemo/config/controller.cfg',
      'server/clusterDemo/config/agent.cfg',
      'server/clusterDemo/config/cluster.nodes',
      'server/clusterDemo/config/cluster.cfg',
      'server/clusterDemo/startController.sh',
      'server/clusterDemo/startAgent.sh',
    ])
      expect(listing).toContain(` ${name}\n`);
    // A file name works too, and the size is optional.
    const file = join(dir, 'custom.zip');
    pack(['--version', '2.00.12', '--out', file]);
    expect(execFileSync('unzip', ['-p', file, 'server/dolphindb.lic'], { encoding: 'utf8' })).toMatch(
      /^2042\.01\.01,8,2,3,Trial Users,0,-1,,1\n/,
    );
    expect(() => pack(['--version', '2.00.11.3', '--out', file, '--size', '1000'])).toThrow(
      /smaller than the package/,
    );
  });

  it('unzips into a server that runs from its own start scripts', async () => {
    const dir = tempDir();
    pack(['--version', '2.00.11.3', '--out', dir, '--size', '1000000']);
    execFileSync('unzip', ['-q', join(dir, 'DolphinDB_Linux64_V2.00.11.3.zip'), '-d', dir]);
    const server = join(dir, 'server');
    expect(statSync(join(server, 'dolphindb')).mode & 0o777).toBe(0o755);
    expect(readText(join(dir, 'STAND-IN.txt'))).toContain('This is NOT DolphinDB');

    const [single = 0, controller = 0, agent = 0, dnode = 0, cnode = 0] = await freePorts(5);
    const edit = (path: string, from: RegExp, to: (m: string) => string) =>
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    const ports: Record<string, number> = {
      '8848': single,
      '8900': controller,
      '8901': agent,
      '8902': dnode,
      '8903': cnode,
    };
    const env = { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}` };

    // startSingle.sh (facts §1.2), with the packaged dolphindb.cfg on a free port.
    edit(join(server, 'dolphindb.cfg'), /8848/g, () => String(single));
    execFileSync('sh', ['startSingle.sh'], { cwd: server, env });
    const singlePid = await adoptFromLog(join(server, 'dolphindb.log'));
    await waitForLog(join(server, 'dolphindb.log'), /Job scheduler initialization completed\./);
    expect(await ask('127.0.0.1', single, 'version()')).toMatchObject({
      value: expect.stringMatching(/^2\.00\.11\.3 /),
    });

    // clusterDemo: startController.sh and startAgent.sh (facts §2.7), on free ports.
    const demo = join(server, 'clusterDemo');
    for (const f of ['controller.cfg', 'agent.cfg', 'cluster.nodes'])
      edit(join(demo, 'config', f), /\b(8900|8901|8902|8903)\b/g, (m) => String(ports[m]));
    execFileSync('sh', ['startController.sh'], { cwd: demo, env });
    execFileSync('sh', ['startAgent.sh'], { cwd: demo, env });
    await adoptFromLog(join(demo, 'log', 'controller.log'));
    await adoptFromLog(join(demo, 'log', 'agent.log'));
    agentLog(join(demo, 'log', 'agent.log'));
    await waitFor(
      async () => {
        const perf = rows(await ask('127.0.0.1', controller, 'getClusterPerf(true)'));
        return perf.find((r) => r['name'] === 'agent1')?.['state'] === 1 ? perf : undefined;
      },
      { what: 'agent1 registered' },
    );
    const perf = rows(await ask('127.0.0.1', controller, 'getClusterPerf(true)'));
    expect(perf.map((r) => r['name'])).toEqual(['controller8900', 'agent1', 'dnode1', 'cnode1']);

    process.kill(singlePid, 'SIGTERM');
    await waitFor(() => (alive(singlePid) ? undefined : true), { what: 'the single node to stop' });
    expect(logLines(join(server, 'dolphindb.log'))).toContain('<ERROR> : The socket server ended.');
  });
});
