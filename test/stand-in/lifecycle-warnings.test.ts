/**
 * `start`, `status` and `stop` on a 7-process cluster (pseudo-HA on 127.0.0.1, so no SSH) running on
 * the stand-in: each asks many nodes at once over one abort signal, and none may print Node's
 * MaxListenersExceededWarning on stderr (issue 13 §9). Needs the built program (`npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENTERPRISE_LICENCE,
  adoptFromLog,
  agentLog,
  serverDir,
  standInSuite,
  tempDir,
  write,
} from './harness.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

standInSuite();

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
});

/** `n` consecutive free ports (template numbers the nodes from --base-port). */
async function freeRange(n: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let port = base; port < base + n && ok; port++) ok = await free(port);
    if (ok) return base;
  }
}

type Rendered = { kind: string; path: string; contents: string; node?: string };

describe('start, status and stop on 7 processes', () => {
  it('print no MaxListenersExceededWarning', async () => {
    const root = tempDir();
    const run = (args: readonly string[]) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NO_COLOR: '1',
        DDB_SETUP_CONFIG_DIR: join(root, 'config'),
      };
      delete env['DDB_ADMIN_PASSWORD'];
      // The start scripts run `dolphindb`, the stand-in, whose first line is `#!/usr/bin/env node`.
      env['PATH'] = `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}`;
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, timeout: 120_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const base = await freeRange(7);
    const yaml = execFileSync(
      process.execPath,
      [
        cli,
        'template',
        '--mode',
        'pseudo-ha',
        '--hosts',
        '127.0.0.1',
        '--base-port',
        String(base),
        '--deploy-dir',
        join(root, 'deploy'),
      ],
      { encoding: 'utf8' },
    );
    const topology = write(join(root, 'pseudo-ha.yaml'), yaml);
    const { files } = JSON.parse(run(['render', '-f', topology, '--format', 'json']).stdout) as {
      files: Rendered[];
    };
    for (const f of files) write(f.path, f.contents);
    const version = /version: (\S+)/.exec(yaml)?.[1] ?? '2.00.11.3';
    await serverDir(join(root, 'deploy', 'ddb', 'server', version), ENTERPRISE_LICENCE);

    const start = run(['start', '-f', topology]);
    // Whatever happens next, the harness stops every process start began.
    for (const s of files.filter((f) => f.kind === 'start.sh')) {
      const log = join(s.path, '..', 'log', `${s.node}.log`);
      if (existsSync(log)) await adoptFromLog(log);
      if (s.node?.startsWith('agent')) agentLog(log);
    }
    expect(start.status, start.stdout + start.stderr).toBe(0);
    expect(start.stderr).not.toContain('MaxListenersExceededWarning');

    const status = run(['status', '-f', topology]);
    expect(status.stdout).toContain('7 of 7 nodes up');
    expect(status.stderr).not.toContain('MaxListenersExceededWarning');

    const stop = run(['stop', '-f', topology]);
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stderr).not.toContain('MaxListenersExceededWarning');

    const stopped = run(['status', '-f', topology]);
    expect(stopped.stdout).toContain('0 of 7 nodes up');
    expect(stopped.stderr).not.toContain('MaxListenersExceededWarning');
  }, 180_000);
});
