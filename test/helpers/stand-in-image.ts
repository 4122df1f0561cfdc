/**
 * A Docker image of the STAND-IN DolphinDB server, made offline (nothing can be pulled here): a root
 * filesystem of busybox-static, this machine's `node` with the libraries `ldd` lists, and the
 * stand-in package unpacked at /data/ddb/server, the official image's layout (facts §8.1). It is
 * `docker import`ed into one test host's engine and written out with `docker save`, so tests can
 * load it into other hosts or hand it to ddb-setup as `swarm.imageArchive`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Where the stand-in's sources are (a bundled copy of this module passes its own). */
const defaultStandInDir = join(import.meta.dirname, '..', 'stand-in');

export type StandInImage = {
  /** The image reference, e.g. ddbsetup/stand-in:v2.00.11.3. */
  readonly image: string;
  /** `docker save` archive of it (a plain tar). */
  readonly archive: string;
  /** Removes the archive and the work directory. */
  readonly remove: () => void;
};

/**
 * Builds the image in the engine at `dockerHost` (`unix:///…/docker.sock`) and saves it. Takes a few
 * seconds (the archive is about 100 MB, mostly `node`).
 */
export async function buildStandInImage(options: {
  readonly dockerHost: string;
  readonly version?: string;
  readonly standInDir?: string;
}): Promise<StandInImage> {
  const version = options.version ?? '2.00.11.3';
  const image = `ddbsetup/stand-in:v${version}`;
  const work = mkdtempSync(join(tmpdir(), 'ddb-stand-in-image-'));
  try {
    const root = join(work, 'rootfs');
    await layRootFilesystem(root, work, version, options.standInDir ?? defaultStandInDir);
    await importImage(root, image, options.dockerHost);
    const archive = join(work, 'stand-in-image.tar');
    await run('docker', ['-H', options.dockerHost, 'save', '-o', archive, image]);
    rmSync(root, { recursive: true, force: true });
    return { image, archive, remove: () => rmSync(work, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Loads a saved image into the engine at `dockerHost`. */
export async function loadImage(dockerHost: string, archive: string): Promise<void> {
  await run('docker', ['-H', dockerHost, 'load', '-q', '-i', archive]);
}

async function layRootFilesystem(
  root: string,
  work: string,
  version: string,
  standInDir: string,
): Promise<void> {
  // busybox: sh, env, cat, kill… (the stand-in's shebang is `#!/usr/bin/env node`).
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
  const { stdout: applets } = await run(join(root, 'bin', 'busybox'), ['--list']);
  for (const applet of applets.split('\n').filter((a) => a !== '' && a !== 'busybox'))
    symlinkSync('busybox', join(root, 'bin', applet));
  mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
  symlinkSync('/bin/busybox', join(root, 'usr', 'bin', 'env'));
  for (const dir of ['etc', 'tmp', 'root']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\n');
  // node and what it links to, at the same paths.
  const node = process.execPath;
  const { stdout: linked } = await run('ldd', [node]);
  const libraries = [...linked.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1] ?? '');
  for (const file of [node, ...libraries]) {
    mkdirSync(join(root, dirname(file)), { recursive: true });
    copyFileSync(file, join(root, file));
  }
  // The stand-in package, unpacked where the official image keeps the server.
  const packageDir = join(work, 'package');
  mkdirSync(packageDir);
  await run(process.execPath, [
    join(standInDir, 'pack.mjs'),
    '--version',
    version,
    '--out',
    `${packageDir}/`,
  ]);
  const [zip] = readdirSync(packageDir);
  mkdirSync(join(root, 'data', 'ddb'), { recursive: true });
  await run('unzip', ['-q', join(packageDir, zip ?? ''), '-d', join(root, 'data', 'ddb')]);
}

/** `tar -C root -c . | docker import …`, streamed. */
async function importImage(root: string, image: string, dockerHost: string): Promise<void> {
  const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const importer = spawn(
    'docker',
    [
      '-H',
      dockerHost,
      'import',
      '-c',
      'ENV PATH=/usr/bin:/bin',
      '-c',
      'WORKDIR /data/ddb/server',
      '-c',
      'ENTRYPOINT ["sh","-c","cd /data/ddb/server;./dolphindb -console 0 -stdoutLog true -home data -script dolphindb.dos"]',
      '-',
      image,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  tar.stdout.pipe(importer.stdin);
  let errors = '';
  importer.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exit = (child: ChildProcess) =>
    new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const [tarCode, importCode] = await Promise.all([exit(tar), exit(importer)]);
  if (tarCode !== 0 || importCode !== 0)
    throw new Error(`docker import of ${image} failed: ${errors.trim()}`);
}
