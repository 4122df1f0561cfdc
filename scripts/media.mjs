// `npm run media` (which builds first): drives the built program in a real terminal (a private tmux
// server) through the wizard, deploying a pseudo-HA cluster onto this machine (127.0.0.1, no SSH) with
// the stand-in server package (test/stand-in) into a temporary directory, and writes media/:
// a screenshot of each main screen (SVG) and an animated recording of the whole run (wizard.svg).
// The cluster is stopped with `ddb-setup stop` and the directory removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingSvg, screenSvg } from './terminal-svg.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const out = join(root, 'media');
const columns = 100;
const rows = 30;
const socket = `ddbt-media-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'ddb-setup-media-'));
const env = {
  ...process.env,
  DDB_SETUP_CONFIG_DIR: join(work, 'config'),
  TERM: 'xterm-256color',
  DDB_ADMIN_PASSWORD: '',
};
for (const key of ['NO_COLOR', 'FORCE_COLOR', 'TMUX', 'DDB_ADMIN_PASSWORD']) delete env[key];

const tmux = (...args) => {
  const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const capture = (colours) =>
  tmux('capture-pane', '-p', '-t', 'main', ...(colours ? ['-e'] : []))
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
const keys = (...names) => names.forEach((name) => (tmux('send-keys', '-t', 'main', name), pause(60)));
const type = (text) => (tmux('send-keys', '-t', 'main', '-l', text), pause(60));
const collapse = (text) => text.replace(/\s+/g, ' ');
function waitFor(text, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!collapse(capture(false)).includes(collapse(text))) {
    if (Date.now() > deadline) throw new Error(`"${text}" not on screen:\n${capture(false)}`);
    pause(50);
  }
}

const recording = [];
/** Keeps the screen for the recording (and as a screenshot when named). */
function shot(seconds, name) {
  const screen = capture(true);
  recording.push({ screen, seconds });
  if (name) writeFileSync(join(out, `${name}.svg`), screenSvg(screen, columns, rows));
}

let topologyFile = '';
try {
  mkdirSync(out, { recursive: true });
  const packageFile = join(work, 'DolphinDB_Linux64_V2.00.11.3.zip');
  execFileSync(
    process.execPath,
    [join(root, 'test', 'stand-in', 'pack.mjs'), '--version', '2.00.11.3', '--out', packageFile],
    { stdio: 'pipe' },
  );
  const licence = join(work, 'enterprise.lic');
  writeFileSync(licence, '2042.01.01,16,8,64,ddb-setup media (stand-in licence),0,-1,,3\n');
  const deployDir = join(work, 'opt');
  topologyFile = join(work, 'demo.yaml');

  tmux(
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(columns),
    '-y',
    String(rows),
    '-c',
    work,
    `'${process.execPath}' '${cli}'; sleep 600`,
  );
  waitFor('Start a new deployment');
  shot(2.5, 'welcome');
  keys('Enter');
  waitFor('What should the deployment survive?');
  keys('Down', 'Down');
  waitFor('survives a controller process failure');
  shot(3, 'mode');
  keys('Enter');
  waitFor('Host P1');
  type('127.0.0.1');
  shot(1.5);
  keys('Escape');
  waitFor('+ add a host');
  keys('t');
  waitFor('✓ this machine');
  shot(2.5, 'hosts');
  keys('Down', 'Down', 'Enter');
  waitFor('Base port');
  keys('Tab', 'Tab', 'Tab');
  type('18800');
  waitFor('controller3 :18802');
  shot(3, 'layout');
  keys('Enter');
  waitFor('Cluster name');
  type('demo');
  keys('Tab', 'Tab', 'Right', 'Right', 'Tab');
  type(packageFile);
  keys('Tab');
  type(licence);
  keys('Tab');
  type(deployDir);
  keys('Tab', 'Tab', 'Tab');
  waitFor('Reliability level');
  shot(3, 'options');
  for (let i = 0; i < 7; i++) keys('Enter');
  waitFor('Cluster demo · pseudo-ha');
  keys('Right');
  waitFor('controller.cfg');
  shot(3, 'preview');
  keys('Enter');
  waitFor('deploy now?');
  shot(2);
  keys('y');
  // The pre-flight check: it goes on by itself when everything passed; warnings wait for Enter.
  const checkDeadline = Date.now() + 60_000;
  while (
    !/Enter deploys anyway|Every check passed|Deploy demo \(pseudo-ha\)/.test(collapse(capture(false)))
  ) {
    if (Date.now() > checkDeadline) throw new Error(`the check did not finish:\n${capture(false)}`);
    pause(50);
  }
  if (capture(false).includes('Enter deploys anyway')) {
    shot(3, 'check');
    keys('Enter');
  }
  waitFor('Deploy demo (pseudo-ha)');
  // The deployment as it runs: a frame a second until the results.
  const deadline = Date.now() + 120_000;
  let named = false;
  while (!capture(false).includes('Deployed and verified.')) {
    if (Date.now() > deadline) throw new Error(`the deployment did not finish:\n${capture(false)}`);
    const screen = capture(false);
    if (!named && /start (controller|agent)/.test(screen)) {
      shot(1, 'deploy');
      named = true;
    } else shot(1);
    pause(1000);
  }
  if (!named) shot(1, 'deploy');
  shot(6, 'results');
  writeFileSync(join(out, 'wizard.svg'), recordingSvg(recording, columns, rows));
  keys('q');
  process.stdout.write(
    `media: ${recording.length} frames; wrote media/wizard.svg and media/{welcome,mode,hosts,layout,options,preview,check,deploy,results}.svg\n`,
  );
} catch (error) {
  process.stderr.write(`media: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  // Stop what the deployment started on this machine, then remove everything.
  if (topologyFile)
    spawnSync(process.execPath, [cli, 'stop', '-f', topologyFile], {
      env,
      stdio: 'ignore',
      timeout: 120_000,
    });
  spawnSync('tmux', ['-L', socket, 'kill-server'], { env });
  // tmux leaves the socket file behind when its server is killed.
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, socket), { force: true });
  rmSync(work, { recursive: true, force: true });
}
