// `npm run bench:check` (root; builds first): how long `ddb-setup check` takes on 3 and on 10 real
// test hosts (an ha topology, every check including reachability between all hosts), five runs
// each, the first included. Target (issue 6): under 5 s for 3 hosts.
//
// A benchmark, not a test: it prints numbers and PASS/OVER. It brings its own hosts up and down
// (test/hosts/) and stops only what it started.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const hostsDir = join(root, 'test', 'hosts');
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-check-'));
const env = { ...process.env, NO_COLOR: '1', DDB_SETUP_CONFIG_DIR: join(work, 'conf') };
const sh = (file, args) => execFileSync(file, args, { encoding: 'utf8', env });

function hostsUp(count) {
  sh('bash', [join(hostsDir, 'hosts-down.sh')]);
  sh('bash', [join(hostsDir, 'hosts-up.sh'), String(count)]);
  return JSON.parse(readFileSync('/run/ddb-setup-test-hosts/hosts.json', 'utf8'));
}

const rows = [];
try {
  if (process.getuid?.() !== 0) throw new Error('bench:check needs root (it creates network namespaces)');
  sh(process.execPath, [
    join(root, 'test', 'stand-in', 'pack.mjs'),
    '--version',
    '2.00.11.3',
    '--out',
    `${work}/`,
  ]);
  const pkg = join(work, 'DolphinDB_Linux64_V2.00.11.3.zip');
  const licence = join(work, 'bench.lic');
  writeFileSync(licence, '2042.01.01,16,8,64,ddb-setup bench (stand-in licence),0,-1,,3\n');
  for (const count of [3, 10]) {
    const described = hostsUp(count);
    const file = join(work, `ha${count}.yaml`);
    writeFileSync(
      file,
      sh(process.execPath, [
        cli,
        'template',
        '--mode',
        'ha',
        '--name',
        `ha${count}`,
        '--hosts',
        described.hosts.map((h) => h.address).join(','),
        '--package',
        pkg,
        '--license',
        licence,
        '--ssh-user',
        'root',
        '--identity-file',
        described.hosts[0].identityFile,
      ]),
    );
    const times = [];
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      const result = spawnSync(
        process.execPath,
        [cli, 'check', '-f', file, '--known-hosts', described.knownHostsFile, '--format', 'json'],
        { env, encoding: 'utf8' },
      );
      times.push(performance.now() - start);
      const findings = JSON.parse(result.stdout).findings;
      const errors = findings.filter((f) => f.level === 'error');
      if (errors.length > 0) throw new Error(`check found errors on clean hosts: ${JSON.stringify(errors)}`);
      if (run === 0)
        rows.push(
          `  ${count} hosts: ${findings.length} results, ${findings.filter((f) => f.check === 'reachability').length} reachability (${count * (count - 1)} host pairs)`,
        );
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[2];
    const verdict = count === 3 ? (median < 5000 ? 'PASS (target < 5 s)' : 'OVER (target < 5 s)') : '';
    rows.push(
      `  check, ${count} hosts: median ${(median / 1000).toFixed(2)} s, min ${(sorted[0] / 1000).toFixed(2)} s, max ${(sorted[4] / 1000).toFixed(2)} s, first ${(times[0] / 1000).toFixed(2)} s  ${verdict}`,
    );
  }
} finally {
  spawnSync('bash', [join(hostsDir, 'hosts-down.sh')], { stdio: 'inherit' });
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `bench:check on ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const row of rows) console.log(row);
