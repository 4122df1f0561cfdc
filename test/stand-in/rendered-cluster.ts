/**
 * A cluster on 127.0.0.1 (no SSH) as a user gets it from the built program: `template` on free
 * consecutive ports, `render` written to disk, the stand-in server unpacked where the deployment
 * expects it. The tests that drive `start`, `status`, `stop` or `admin-password` against it share
 * this set-up. Needs the built program (`npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { ENTERPRISE_LICENCE, serverDir, tempDir, write } from './harness.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** Fails the file at once, with what to do, when the program has not been built. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  });
}

/** `n` consecutive free ports (template numbers the nodes from --base-port). */
export async function freeRange(n: number): Promise<number> {
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

export type Rendered = { host: string; kind: string; path: string; contents: string; node?: string };

/** What the built program printed; `out` is both streams together. */
export type CliRun = { status: number | null; stdout: string; stderr: string; out: string };

/**
 * Renders a `mode` cluster of `processes` processes on 127.0.0.1 into a fresh directory, with the
 * stand-in server in place. `run` runs the built program with the cluster's own config directory,
 * no DDB_ADMIN_PASSWORD, and `node` on PATH (the start scripts run the stand-in, a node script).
 */
export async function renderedCluster(mode: 'single' | 'cluster' | 'pseudo-ha', processes: number) {
  const root = tempDir();
  const config = join(root, 'config');
  const base = await freeRange(processes);
  const path = `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}`;
  const run = (args: readonly string[], input = ''): CliRun => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NO_COLOR: '1',
      DDB_SETUP_CONFIG_DIR: config,
      PATH: path,
    };
    delete env['DDB_ADMIN_PASSWORD'];
    const result = spawnSync(process.execPath, [cli, ...args], {
      input,
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      out: `${result.stdout}${result.stderr}`,
    };
  };
  const yaml = execFileSync(
    process.execPath,
    [
      cli,
      'template',
      '--mode',
      mode,
      '--hosts',
      '127.0.0.1',
      '--base-port',
      String(base),
      '--deploy-dir',
      join(root, 'deploy'),
    ],
    { encoding: 'utf8' },
  );
  const topology = write(join(root, `${mode}.yaml`), yaml);
  const { files } = JSON.parse(run(['render', '-f', topology, '--format', 'json']).stdout) as {
    files: Rendered[];
  };
  for (const f of files) write(f.path, f.contents);
  const version = /version: (\S+)/.exec(yaml)?.[1] ?? '2.00.11.3';
  await serverDir(join(root, 'deploy', 'ddb', 'server', version), ENTERPRISE_LICENCE);
  return { root, config, base, topology, files, run, path };
}
