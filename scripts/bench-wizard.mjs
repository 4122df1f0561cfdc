// `npm run bench:wizard` (which builds first): the wizard's two numbers from issue 5, each in a real
// terminal (a private tmux server, killed at the end):
//   1. time from launching `node dist/cli.js` to its first frame (target ≤ 400 ms), against the time
//      the same terminal takes to show a bare `node -e` line;
//   2. the deploy screen fed 30 streams × 100 lines/s for 30 s (30 hosts, one each; --hosts 10: 3 each): CPU (target < 30 % of one core),
//      memory, and whether the final frame on the terminal is exactly the expected one.
// Reports PASS/OVER and exits 0; exits 1 only when something could not be measured.
// Usage: node scripts/bench-wizard.mjs [--seconds 30] [--runs 9] [--hosts 30]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    runs: { type: 'string', default: '9' },
    hosts: { type: 'string', default: '30' },
  },
});
const targets = { firstFrameMs: 400, cpuPercent: 30 };
const socket = `ddbt-bench-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-bench-wizard-'));
const env = { ...process.env, DDB_SETUP_CONFIG_DIR: join(work, 'config'), TERM: 'xterm-256color' };
delete env.NO_COLOR;
delete env.FORCE_COLOR;
delete env.TMUX;

function tmux(...args) {
  const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}
const quote = (words) => words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
const screen = () =>
  tmux('capture-pane', '-p', '-t', 'main')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');

/**
 * Ends the tmux server and removes its socket, so that the next new-session starts a server of its
 * own: after kill-session the old server may still be shutting down, and a client that reaches it
 * then fails with "server exited unexpectedly".
 */
function freshServer() {
  spawnSync('tmux', ['-L', socket, 'kill-server'], { env });
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, socket), { force: true });
}

const pause = (msToWait) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, msToWait);

/**
 * Starts `command` in a fresh 80×24 pane and returns ms until `text` is on screen, polled every
 * 5 ms (each poll is a tmux client: polling harder would take CPU from the program measured).
 */
function timeToText(command, text) {
  freshServer();
  const start = performance.now();
  tmux('new-session', '-d', '-s', 'main', '-x', '80', '-y', '24', '-c', work, `${command}; sleep 600`);
  for (;;) {
    if (screen().includes(text)) return performance.now() - start;
    if (performance.now() - start > 10_000) throw new Error(`"${text}" did not appear: ${screen()}`);
    pause(5);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v) => `${v.toFixed(0)} ms`;
try {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  const runs = Number(values.runs);
  // 1. Launch to first frame.
  const baseline = Array.from({ length: runs }, () =>
    timeToText(`${quote([process.execPath, '-e', 'console.log("ready")'])}`, 'ready'),
  );
  const wizard = Array.from({ length: runs }, () =>
    timeToText(quote([process.execPath, cli]), 'Start a new deployment'),
  );
  const firstFrame = median(wizard);

  // 2. The deploy screen under load.
  const seconds = Number(values.seconds);
  // Inside the repository, so the bundle finds templates/ by walking up from itself.
  const bundle = join(root, 'node_modules', '.cache', 'ddb-setup', 'bench-deploy-feed.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'bench', 'deploy-feed.tsx')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', __DDB_SETUP_VERSION__: '"bench"' },
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'stub-devtools',
        setup: (b) => {
          b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'x', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: 'export default {}',
            loader: 'js',
          }));
        },
      },
    ],
    logLevel: 'warning',
  });
  const result = join(work, 'feed.json');
  freshServer();
  tmux(
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    '80',
    '-y',
    '24',
    '-c',
    root,
    `${quote([process.execPath, bundle, result, String(seconds), values.hosts])}; sleep 600`,
  );
  const deadline = performance.now() + (seconds + 60) * 1000;
  while (!existsSync(result)) {
    if (performance.now() > deadline) throw new Error(`the feed did not finish: ${screen()}`);
    pause(200);
  }
  pause(300);
  const feed = JSON.parse(readFileSync(result, 'utf8'));
  const shown = screen();
  // renderToString keeps bold and dim; the terminal capture is plain text.
  const expected = feed.expected
    // eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
    .replace(/\u001B\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
  const exact = shown === expected;
  const cpu = (feed.cpuMs / 1000 / feed.wall) * 100;
  const streams = feed.linesPerNode.length;
  const mib = (bytes) => `${(bytes / 1048576).toFixed(0)} MiB`;
  process.stdout.write(
    [
      `first frame (tmux 80×24, median of ${runs}): ${ms(firstFrame)} (min ${ms(Math.min(...wizard))}, max ${ms(Math.max(...wizard))}); bare node -e in the same terminal ${ms(median(baseline))}`,
      `  ${firstFrame <= targets.firstFrameMs ? 'PASS' : 'OVER'} (target ≤ ${targets.firstFrameMs} ms)`,
      `deploy screen: ${streams} nodes × 100 lines/s for ${feed.wall.toFixed(1)} s = ${feed.linesPerNode.reduce((a, b) => a + b, 0)} lines, ${feed.renders} snapshots`,
      `  CPU ${cpu.toFixed(1)} % of one core: ${cpu < targets.cpuPercent ? 'PASS' : 'OVER'} (target < ${targets.cpuPercent} %)`,
      `  memory: peak RSS ${mib(feed.peakRss)}, heap at the end ${mib(feed.heapUsed)}`,
      `  final frame ${exact ? 'exact (terminal = expected render)' : 'DIFFERS'}; every node sent ${[...new Set(feed.linesPerNode)].join('/')} lines; last log line "${feed.lastLog}"`,
      ...(exact ? [] : ['--- terminal', shown, '--- expected', expected]),
      '',
    ].join('\n'),
  );
} catch (error) {
  process.stderr.write(`bench-wizard: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  freshServer();
  rmSync(work, { recursive: true, force: true });
}
