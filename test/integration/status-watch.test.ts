/**
 * `status --watch` (issue 16) on a real cluster of test hosts, in a real terminal: each round is
 * drawn over the last (the screen never scrolls), a node stopped between rounds is shown going
 * down in the header, a host powered off turns its nodes unknown (never `up` from an earlier
 * round), and Ctrl-C ends it with the last round's exit code, the last frame left on the screen.
 * Without a terminal, `--format json` gives one document per round and line.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetHosts, standInPackage, testDir, writeTestTopology } from '../helpers/deploy-fixture.js';
import { startCli } from '../helpers/cli-process.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';
import { tmuxSuite } from '../helpers/tmux-suite.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2] = [hosts.host(1), hosts.host(2)];
const dir = testDir('status-watch');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const suite = tmuxSuite('ddbt-status-watch');
let file = '';

const watchArgs = () => [
  'status',
  '-f',
  file,
  '--known-hosts',
  hosts.knownHostsFile,
  '--watch',
  '--interval',
  '1',
];

/** How often `text` occurs on the screen. */
const count = (screen: string, text: string) => screen.split(text).length - 1;

beforeAll(async () => {
  assertBuilt();
  await resetHosts(hosts, [h1, h2]);
  file = writeTestTopology(dir, 'watched', {
    mode: 'cluster',
    hosts: [h1, h2],
    packageFile: standInPackage(dir),
  });
  const deployed = runCli(['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile], { env });
  expect(deployed.status, deployed.stderr).toBe(0);
}, 180_000);
afterAll(() => resetHosts(hosts, [h1, h2]), 120_000);

describe('status --watch', { timeout: 120_000 }, () => {
  it('in a terminal: redrawn in place; a node stopped between rounds goes down; Ctrl-C exits 1', async () => {
    const terminal = suite.terminal({ args: watchArgs(), cwd: dir, columns: 150, rows: 30, env });
    await terminal.waitFor('5 of 5 nodes up', 30_000);
    expect(terminal.alternateScreen()).toBe(true);
    const history = terminal.historySize();
    const stopped = runCli(
      ['stop', '-f', file, '--node', 'datanode2', '--known-hosts', hosts.knownHostsFile],
      {
        env,
      },
    );
    expect(stopped.status, stopped.stderr).toBe(0);
    const screen = await terminal.waitFor('changed: datanode2 up → down', 30_000);
    expect(screen).toContain('4 of 5 nodes up');
    // Two more rounds: each must replace the frame, not add to it.
    const round = (s: string) => Number(/\(round (\d+),/.exec(s)?.[1] ?? 0);
    const changedIn = round(screen);
    const later = await terminal.waitFor((s) => round(s) >= changedIn + 2, 30_000);
    expect(later).toContain('no change since the round before (last change at');
    expect(count(later, 'HOST')).toBe(1);
    expect(count(later, 'refreshed')).toBe(1);
    expect(later.split('\n').length).toBeLessThanOrEqual(30);
    expect(terminal.historySize()).toBe(history);
    // A window too short for the table: the frame is cut to it at once (not at the next round),
    // saying how much is hidden, and still nothing scrolls.
    terminal.resize(150, 8);
    const short = await terminal.waitFor('more lines: a taller window shows them', 10_000);
    expect(short.split('\n').length).toBeLessThanOrEqual(8);
    expect(terminal.historySize()).toBe(history);
    terminal.resize(150, 30);
    await terminal.waitFor('datanode2', 10_000);
    terminal.keys('C-c');
    const end = await terminal.waitFor('EXIT=', 15_000);
    expect(end).toContain('EXIT=1');
    // The normal screen is back, with the last frame on it.
    expect(terminal.alternateScreen()).toBe(false);
    expect(end).toContain('4 of 5 nodes up');
    expect(
      runCli(['start', '-f', file, '--node', 'datanode2', '--known-hosts', hosts.knownHostsFile], { env })
        .status,
    ).toBe(0);
  });

  it('a host powered off between rounds: its nodes turn unknown, never stay up; Ctrl-C exits 3', async () => {
    const terminal = suite.terminal({ args: watchArgs(), cwd: dir, columns: 150, rows: 30, env });
    await terminal.waitFor('5 of 5 nodes up', 30_000);
    await hosts.powerOff(h2);
    try {
      const screen = await terminal.waitFor('changed: P2 not reached', 30_000);
      expect(screen).toContain('agent2 up → unknown');
      expect(screen).toContain('datanode2 up → unknown');
      expect(screen).toContain('3 of 5 nodes up, 2 unknown');
      terminal.keys('C-c');
      expect(await terminal.waitFor('EXIT=', 15_000)).toContain('EXIT=3');
    } finally {
      await resetHosts(hosts, [h2]);
    }
  });

  it('without a terminal, --format json: one document per round and line; Ctrl-C (SIGINT) exits with its code', async () => {
    // h2 was reset: its nodes are not running, so the rounds see them down.
    const watch = startCli([...watchArgs(), '--format', 'json'], env);
    await watch.waitForLine(/"round":2/, 30_000);
    watch.child.kill('SIGINT');
    const result = await watch.done;
    const rounds = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { round: number; time: string; changes: string[]; nodes: { state: string }[] },
      );
    expect(rounds.map((r) => r.round).slice(0, 2)).toEqual([1, 2]);
    expect(rounds[1]?.changes).toEqual([]);
    expect(Number.isNaN(Date.parse(rounds[0]?.time ?? ''))).toBe(false);
    const last = rounds.at(-1);
    expect(last?.nodes.map((n) => n.state).sort()).toEqual(['down', 'down', 'up', 'up', 'up']);
    expect(result.status).toBe(1);
  });
});
