// `npm run bench:scale` (root; builds first): ddb-setup on 30 real test hosts (issue 16), an ha
// topology with 3 controllers and an agent and a data node on every host, a 120 MB stand-in package;
// each figure against a floor or target measured in the same run:
//
//   1. `deploy`: its transfers and the whole run against a 30-way parallel `scp` of the same file
//      (target ≤ 1.5×); peak memory (max RSS) and CPU time of the ddb-setup process;
//   2. the re-run of the healthy deployment (target ≤ 5 s);
//   3. `check` on the 30 healthy hosts (target ≤ 5 s);
//   4. `collect`: time and the bundle's size;
//   5. with 3 hosts powered off: `status` (target ≤ 3 s, and it must name them) and `check`.
//
// A benchmark, not a test: it prints numbers and PASS/OVER, and exits non-zero only when a command
// fails unexpectedly. It brings its own hosts up and down (test/hosts/) and stops only what it started.
// BENCH_HOSTS=N runs it on N hosts instead of 30.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { printRows, timed as timedWith } from './bench/timed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const hostsDir = join(root, 'test', 'hosts');
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-scale-'));
const env = { ...process.env, NO_COLOR: '1', DDB_SETUP_CONFIG_DIR: join(work, 'conf') };
const size = 120 * 1000 * 1000;
const count = Number(process.env['BENCH_HOSTS'] ?? 30);
const off = 3;

const sh = (file, args, options = {}) => execFileSync(file, args, { encoding: 'utf8', env, ...options });
const verdict = (ok, target) => `${ok ? 'PASS' : 'OVER'} (${target})`;

/** Runs the CLI under GNU time: wall time, marks, and the process's max RSS and CPU seconds. */
async function measured(args, marks = {}, { allowFailure = false } = {}) {
  const usage = join(work, 'usage.txt');
  const start = performance.now();
  const run = timedWith('/usr/bin/time', ['-o', usage, '-f', '%M %U %S', process.execPath, cli, ...args], {
    env,
    marks,
  }).catch((error) => {
    if (!allowFailure) throw error;
    return { ms: performance.now() - start, at: {}, output: error.message, failed: true };
  });
  const result = await run;
  const [rssKb, user, system] = readFileSync(usage, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { ...result, rssMb: rssKb / 1024, cpuS: user + system };
}

const rows = [];
try {
  if (process.getuid?.() !== 0) throw new Error('bench:scale needs root (it creates network namespaces)');
  const pkgDir = join(work, 'pkg');
  sh('mkdir', ['-p', pkgDir]);
  sh(process.execPath, [
    join(root, 'test', 'stand-in', 'pack.mjs'),
    ...['--version', '2.00.11.3', '--out', `${pkgDir}/`, '--size', String(size)],
  ]);
  const pkg = join(pkgDir, 'DolphinDB_Linux64_V2.00.11.3.zip');
  const licence = join(work, 'bench.lic');
  writeFileSync(licence, '2042.01.01,16,8,200,ddb-setup bench (stand-in licence),0,-1,,3\n');

  sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  const upStart = performance.now();
  sh('bash', [join(hostsDir, 'hosts-up.sh'), String(count)]);
  rows.push([`test hosts up (${count})`, performance.now() - upStart, '']);
  const described = JSON.parse(readFileSync('/run/ddb-setup-test-hosts/hosts.json', 'utf8'));
  const key = described.hosts[0].identityFile;
  const known = described.knownHostsFile;
  const addresses = described.hosts.map((host) => host.address);
  const ssh = ['-i', key, '-o', `UserKnownHostsFile=${known}`, '-o', 'BatchMode=yes'];

  // The floor: OpenSSH scp of the same file to every host at once, onto the disk the deployment
  // writes to (/opt; the hosts' /tmp is a tmpfs, which would flatter the floor).
  const floor = await timedWith(
    'sh',
    [
      '-c',
      addresses.map((a) => `scp ${ssh.join(' ')} ${pkg} root@${a}:/opt/floor.zip &`).join(' ') + ' wait',
    ],
    { env },
  );
  rows.push([`scp floor, ${count} hosts (120 MB)`, floor.ms, '']);

  const text = sh(process.execPath, [
    cli,
    'template',
    ...['--mode', 'ha', '--name', `scale${count}`, '--hosts', addresses.join(',')],
    ...['--computenodes', '0', '--package', pkg, '--license', licence],
    ...['--ssh-user', 'root', '--identity-file', key],
  ]);
  const doc = parseDocument(text);
  // Elections in about a second instead of 8–16 s: the benchmark measures ddb-setup, not Raft.
  doc.setIn(['config', 'controller', 'raftElectionTick'], 100);
  const file = join(work, 'scale.yaml');
  writeFileSync(file, doc.toString());
  const withHosts = ['-f', file, '--known-hosts', known];

  const deploy = await measured(['deploy', ...withHosts, '--yes'], {
    check: /pre-flight check:/,
    transfer: /transfer .*: done/,
  });
  const transfers = deploy.at.transfer - deploy.at.check;
  rows.push([`deploy: pre-flight`, deploy.at.check, 'start to the check passed']);
  rows.push([
    `deploy: transfers`,
    transfers,
    `${(transfers / floor.ms).toFixed(2)}× floor ${verdict(transfers / floor.ms <= 1.5, '≤ 1.5×')}`,
  ]);
  rows.push([
    `deploy: from start to last transfer`,
    deploy.at.transfer,
    `${(deploy.at.transfer / floor.ms).toFixed(2)}× floor`,
  ]);
  rows.push([
    `deploy: whole`,
    deploy.ms,
    `${(deploy.ms / floor.ms).toFixed(2)}× floor; max RSS ${deploy.rssMb.toFixed(0)} MB, CPU ${deploy.cpuS.toFixed(1)} s`,
  ]);

  const again = await measured(['deploy', ...withHosts, '--yes']);
  rows.push([`re-run healthy`, again.ms, verdict(again.ms <= 5000, '≤ 5 s')]);
  const check = await measured(['check', ...withHosts]);
  rows.push([`check`, check.ms, verdict(check.ms <= 5000, '≤ 5 s')]);
  const status = await measured(['status', ...withHosts, '--format', 'json']);
  const up = JSON.parse(status.output.slice(status.output.indexOf('{'))).nodes.filter(
    (n) => n.state === 'up',
  ).length;
  rows.push([`status, all up`, status.ms, `${up} nodes up`]);
  const bundle = join(work, 'bundle.tar.gz');
  const collect = await measured(['collect', ...withHosts, '-o', bundle]);
  rows.push([`collect`, collect.ms, `bundle ${(statSync(bundle).size / 1024).toFixed(0)} KiB`]);

  const victims = described.hosts.slice(-off).map((host) => host.name);
  for (const name of victims) sh('bash', [join(hostsDir, 'host-ctl.sh'), 'power-off', name]);
  const downStatus = await measured(['status', ...withHosts, '--format', 'json'], {}, { allowFailure: true });
  const named = victims.every((name) =>
    downStatus.output.includes(described.hosts.find((h) => h.name === name).address),
  );
  rows.push([
    `status, ${off} hosts off`,
    downStatus.ms,
    `${verdict(downStatus.ms <= 3000, '≤ 3 s')}; names them: ${named ? 'yes' : 'NO'}`,
  ]);
  const downCheck = await measured(['check', ...withHosts], {}, { allowFailure: true });
  rows.push([`check, ${off} hosts off`, downCheck.ms, '']);
} catch (error) {
  process.stderr.write(`bench:scale: ${error.message}\n`);
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
