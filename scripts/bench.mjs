// `npm run bench` (which builds first): start-up time and a 100-host validate + render, each a fresh
// `node dist/cli.js` process as a user runs it. A benchmark, not a test: it reports PASS/OVER against
// the targets and exits 0 either way; it exits 1 only when the program itself fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const targets = { version: 150, validateAndRender: 300 };

/** The program failed: the benchmark stops and shows why. */
class CommandFailed extends Error {}

/** Runs `node dist/cli.js ARGS…` once and times it (`node -e 0` when `bare`). */
function run(args, bare = false) {
  const start = performance.now();
  const result = spawnSync(process.execPath, bare ? ['-e', '0'] : [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.error || result.status !== 0) {
    const output = result.error ? `${result.error.message}\n` : result.stderr || result.stdout;
    throw new CommandFailed(`ddb-setup ${args[0]} failed (exit ${result.status}):\n${output}`);
  }
  return { ms, stdout: result.stdout };
}

/** Runs the command `runs` times and summarises the wall-clock times in milliseconds. */
function measure(args, runs, bare = false) {
  const times = Array.from({ length: runs }, () => run(args, bare).ms).sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], min: times[0], max: times[runs - 1] };
}

// 100 private addresses, 10.1.0.1–10.1.0.50 and 10.1.1.1–10.1.1.50. Nothing is contacted.
const hosts = Array.from({ length: 100 }, (_, i) => `10.1.${Math.floor(i / 50)}.${(i % 50) + 1}`);
const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-'));
const topologyFile = join(dir, 'cluster-100.yaml');
try {
  writeFileSync(topologyFile, run(['template', '--mode', 'cluster', '--hosts', hosts.join(',')]).stdout);

  // Node's own start on this machine, measured in the same run: the floor under every number below,
  // and the divisor of the ratios, which compare across machines better than milliseconds do.
  const node = measure([], 15, true);
  const version = measure(['--version'], 15);
  const validate = measure(['validate', '-f', topologyFile], 11);
  const render = measure(['render', '-f', topologyFile, '--format', 'json'], 11);

  const ms = (value) => `${value.toFixed(0)} ms`.padStart(8);
  const verdict = (value, target) => `${value <= target ? 'PASS' : 'OVER'} (target ≤ ${target} ms)`;
  const row = (name, { median, min, max }, runs) =>
    `${name.padEnd(30)}${ms(median)}${ms(min)}${ms(max)}   ${String(runs).padEnd(6)}${ratio({ median })}`;
  const ratio = (value) => `${(value.median / node.median).toFixed(2)}× node`;
  process.stdout.write(
    [
      `${'command'.padEnd(30)}${['median', 'min', 'max'].map((h) => h.padStart(8)).join('')}   runs  ratio`,
      row('node -e 0 (baseline)', node, 15),
      row('--version', version, 15),
      row('validate (100 hosts)', validate, 11),
      row('render --format json (100)', render, 11),
      '',
      `--version median ${ms(version.median).trim()}: ${verdict(version.median, targets.version)}`,
      // `render` validates before it renders, so its time is the "validate + render" of the target.
      `render (validate + render) median ${ms(render.median).trim()}: ${verdict(render.median, targets.validateAndRender)}`,
      '',
    ].join('\n'),
  );
} catch (error) {
  if (!(error instanceof CommandFailed)) throw error;
  process.stderr.write(`bench: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
