// `npm run bench:deploy` (root; builds first): deploy timings on real test hosts with a 120 MB
// stand-in package, each set against a floor measured in the same run.
//
//   1. `deploy` of the ha topology to 3 and to 5 hosts, against a plain parallel `scp` of the same
//      package to the same hosts (targets: deploy's transfer ≤ 1.3× that floor, and from the
//      process's start to the last transfer ≤ 1.3× too: issue 16);
//   2. the re-run of the healthy deployment (target ≤ 3 s);
//   3. the local executor's single-node deploy onto this machine (no SSH).
//
// A benchmark, not a test: it prints numbers and PASS/OVER, and exits non-zero only when a command
// fails. It brings its own hosts up and down (test/hosts/) and stops only what it started.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { printRows, timed as timedWith } from './bench/timed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const hostsDir = join(root, 'test', 'hosts');
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-deploy-'));
const env = { ...process.env, NO_COLOR: '1', DDB_SETUP_CONFIG_DIR: join(work, 'conf') };
const size = 120 * 1000 * 1000;

const timed = (file, args, marks = {}) => timedWith(file, args, { env, marks });
const sh = (file, args, options = {}) => execFileSync(file, args, { encoding: 'utf8', env, ...options });

function hostsUp(count) {
  sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  sh('bash', [join(hostsDir, 'hosts-up.sh'), String(count)]);
  return JSON.parse(readFileSync('/run/ddb-setup-test-hosts/hosts.json', 'utf8'));
}

function topology(name, mode, addresses, pkg, licence, extra = []) {
  const text = sh(process.execPath, [
    cli,
    'template',
    '--mode',
    mode,
    '--name',
    name,
    '--hosts',
    addresses.join(','),
    '--package',
    pkg,
    '--license',
    licence,
    ...extra,
  ]);
  const file = join(work, `${name}.yaml`);
  // Elections in about a second instead of 8–16 s: the benchmark measures ddb-setup, not Raft.
  const doc = parseDocument(text);
  if (mode !== 'single') doc.setIn(['config', 'controller', 'raftElectionTick'], 100);
  writeFileSync(file, doc.toString());
  return file;
}

const rows = [];
try {
  if (process.getuid?.() !== 0) throw new Error('bench:deploy needs root (it creates network namespaces)');
  const pkgDir = join(work, 'pkg');
  sh('mkdir', ['-p', pkgDir]);
  sh(process.execPath, [
    join(root, 'test', 'stand-in', 'pack.mjs'),
    '--version',
    '2.00.11.3',
    '--out',
    `${pkgDir}/`,
    '--size',
    String(size),
  ]);
  const pkg = join(pkgDir, 'DolphinDB_Linux64_V2.00.11.3.zip');
  const licence = join(work, 'bench.lic');
  writeFileSync(licence, '2042.01.01,16,8,64,ddb-setup bench (stand-in licence),0,-1,,3\n');

  for (const count of [3, 5]) {
    const described = hostsUp(count);
    const key = described.hosts[0].identityFile;
    const known = described.knownHostsFile;
    const addresses = described.hosts.map((host) => host.address);
    const ssh = ['-i', key, '-o', `UserKnownHostsFile=${known}`, '-o', 'BatchMode=yes'];
    // The floor: OpenSSH scp of the same file to every host at once, onto the same disk (/opt) the
    // deployment writes to (the hosts' /tmp is a tmpfs, which would flatter the floor).
    const floor = await timed('sh', [
      '-c',
      addresses.map((a) => `scp ${ssh.join(' ')} ${pkg} root@${a}:/opt/floor.zip &`).join(' ') + ' wait',
    ]);
    const file = topology(`ha${count}`, 'ha', addresses, pkg, licence, [
      '--ssh-user',
      'root',
      '--identity-file',
      key,
    ]);
    // The transfers start when the pre-flight check has passed (its summary line) and end when the
    // last `transfer …: done` line arrives; the rest is start-up, election and verification.
    const deploy = await timed(
      process.execPath,
      [cli, 'deploy', '-f', file, '--yes', '--known-hosts', known],
      {
        check: /pre-flight check:/,
        transfer: /transfer .*: done/,
      },
    );
    const again = await timed(process.execPath, [cli, 'deploy', '-f', file, '--yes', '--known-hosts', known]);
    const transfers = deploy.at.transfer - deploy.at.check;
    const ratio = transfers / floor.ms;
    rows.push([`scp floor, ${count} hosts (120 MB)`, floor.ms, '']);
    rows.push([
      `deploy ha, ${count} hosts: pre-flight`,
      deploy.at.check,
      'start to the check passed (not a transfer)',
    ]);
    rows.push([
      `deploy ha, ${count} hosts: transfers`,
      transfers,
      `${ratio.toFixed(2)}× floor ${ratio <= 1.3 ? 'PASS' : 'OVER'} (≤ 1.3×)`,
    ]);
    rows.push([
      `deploy ha, ${count} hosts: to last transfer`,
      deploy.at.transfer,
      `${(deploy.at.transfer / floor.ms).toFixed(2)}× floor from the start (logins and the check included) ${deploy.at.transfer / floor.ms <= 1.3 ? 'PASS' : 'OVER'} (≤ 1.3×)`,
    ]);
    rows.push([
      `deploy ha, ${count} hosts: whole`,
      deploy.ms,
      `${(deploy.ms / floor.ms).toFixed(2)}× floor (incl. start-up, election, checks)`,
    ]);
    rows.push([
      `re-run healthy, ${count} hosts`,
      again.ms,
      again.ms <= 3000 ? 'PASS (≤ 3 s)' : 'OVER (≤ 3 s)',
    ]);
  }
  sh('bash', [join(hostsDir, 'hosts-down.sh')]);

  const localDir = join(work, 'local');
  const file = topology('local', 'single', ['127.0.0.1'], pkg, licence, [
    '--deploy-dir',
    localDir,
    '--base-port',
    '28848',
  ]);
  const local = await timed(process.execPath, [cli, 'deploy', '-f', file, '--yes']);
  rows.push(['local single-node deploy', local.ms, '']);
  await timed(process.execPath, [cli, 'stop', '-f', file]);
} catch (error) {
  process.stderr.write(`bench:deploy: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  try {
    sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  } catch {
    // already down
  }
  rmSync(work, { recursive: true, force: true });
}
printRows(rows, 40);
