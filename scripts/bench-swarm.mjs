// `npm run bench:swarm` (root; builds first): mode swarm on 3 real test hosts with their own Docker
// engines, each figure against a floor measured in the same run.
//
//   1. `deploy` of seed 000's shape (3 controllers, an agent and two data nodes per host) from empty
//      hosts, the stand-in image (about 100 MB) sent by ddb-setup from swarm.imageArchive, against a
//      plain parallel `scp` of the same archive to the same hosts (target: transfers ≤ 1.3× that
//      floor), and the whole deploy;
//   2. the re-run of the healthy swarm deployment (target ≤ 3 s).
//
// A benchmark, not a test: it prints numbers and PASS/OVER, and exits non-zero only when a command
// fails. It brings its own hosts up and down (test/hosts/) and stops only what it started.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseDocument } from 'yaml';
import { printRows, timed as timedWith } from './bench/timed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const hostsDir = join(root, 'test', 'hosts');
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-swarm-'));
const env = { ...process.env, NO_COLOR: '1', DDB_SETUP_CONFIG_DIR: join(work, 'conf') };

const timed = (file, args, marks = {}) => timedWith(file, args, { env, marks });
const sh = (file, args, options = {}) => execFileSync(file, args, { encoding: 'utf8', env, ...options });

/** The test helper that builds the stand-in image, bundled for Node (it is TypeScript). */
async function imageBuilder() {
  const outfile = join(root, 'node_modules', '.cache', 'ddb-setup', 'bench-stand-in-image.mjs');
  await build({
    entryPoints: [join(root, 'test', 'helpers', 'stand-in-image.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return import(outfile);
}

const rows = [];
try {
  if (process.getuid?.() !== 0) throw new Error('bench:swarm needs root (it creates network namespaces)');
  sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  sh('bash', [join(hostsDir, 'hosts-up.sh'), '3', '--docker']);
  const described = JSON.parse(readFileSync('/run/ddb-setup-test-hosts/hosts.json', 'utf8'));
  const [h1] = described.hosts;
  const { buildStandInImage } = await imageBuilder();
  const image = await buildStandInImage({
    dockerHost: h1.dockerHost,
    standInDir: join(root, 'test', 'stand-in'),
  });
  // Empty hosts: the image only in the archive.
  sh('docker', ['-H', h1.dockerHost, 'image', 'rm', image.image]);
  const archiveBytes = Number(sh('stat', ['-c', '%s', image.archive]).trim());
  const key = h1.identityFile;
  const known = described.knownHostsFile;
  const addresses = described.hosts.map((host) => host.address);
  const ssh = ['-i', key, '-o', `UserKnownHostsFile=${known}`, '-o', 'BatchMode=yes'];
  // The floor: OpenSSH scp of the same archive to every host at once, onto the disk the deployment
  // writes to (/ddbdocker lives there; the hosts' /tmp is a tmpfs).
  const floor = await timed('sh', [
    '-c',
    addresses.map((a) => `scp ${ssh.join(' ')} ${image.archive} root@${a}:/floor.tar &`).join(' ') + ' wait',
  ]);
  for (const a of addresses) sh('ssh', [...ssh, `root@${a}`, 'rm -f /floor.tar']);

  const licence = join(work, 'bench.lic');
  writeFileSync(licence, '2042.01.01,16,8,64,ddb-setup bench (stand-in licence),0,-1,,3\n');
  const text = sh(process.execPath, [
    cli,
    'template',
    '--mode',
    'swarm',
    '--hosts',
    addresses.join(','),
    '--license',
    licence,
    '--ssh-user',
    'root',
    '--identity-file',
    key,
  ]);
  const doc = parseDocument(text);
  doc.setIn(['swarm', 'image'], image.image);
  doc.setIn(['swarm', 'imageArchive'], image.archive);
  // Elections in about a second instead of 8–16 s: the benchmark measures ddb-setup, not Raft.
  doc.setIn(['config', 'controller', 'raftElectionTick'], 100);
  const file = join(work, 'swarm.yaml');
  writeFileSync(file, doc.toString());

  // Transfers start when the pre-flight check has passed and end with the last upload's 100 %
  // line; `docker load` of each host follows (counted in "image steps").
  const deploy = await timed(process.execPath, [cli, 'deploy', '-f', file, '--yes', '--known-hosts', known], {
    check: /pre-flight check:/,
    uploaded: /image .*: 100%/,
    loaded: /image .*: done/,
  });
  const again = await timed(process.execPath, [cli, 'deploy', '-f', file, '--yes', '--known-hosts', known]);
  const transfers = deploy.at.uploaded - deploy.at.check;
  const ratio = transfers / floor.ms;
  const mb = (archiveBytes / 1e6).toFixed(0);
  rows.push([`scp floor, 3 hosts (${mb} MB image archive)`, floor.ms, '']);
  rows.push(['deploy swarm: pre-flight', deploy.at.check, 'start to the check passed (not a transfer)']);
  rows.push([
    'deploy swarm: image transfers',
    transfers,
    `${ratio.toFixed(2)}× floor ${ratio <= 1.3 ? 'PASS' : 'OVER'} (≤ 1.3×)`,
  ]);
  rows.push([
    'deploy swarm: image steps (with docker load)',
    deploy.at.loaded - deploy.at.check,
    `${((deploy.at.loaded - deploy.at.check) / floor.ms).toFixed(2)}× floor`,
  ]);
  rows.push([
    'deploy swarm: whole',
    deploy.ms,
    `${(deploy.ms / floor.ms).toFixed(2)}× floor (swarm, network, start-up, election, checks)`,
  ]);
  rows.push(['re-run healthy swarm', again.ms, again.ms <= 3000 ? 'PASS (≤ 3 s)' : 'OVER (≤ 3 s)']);
  image.remove();
} catch (error) {
  process.stderr.write(`bench:swarm: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  try {
    sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  } catch {
    // already down
  }
  rmSync(work, { recursive: true, force: true });
}
printRows(rows, 46);
