import { clusterStatus, everyNodeUnknown } from '../app/cluster-status.js';
import { nodeAccess } from '../app/node-access.js';
import { statusChanges } from '../app/status-changes.js';
import { swarmMembership } from '../app/swarm-membership.js';
import { onAbort } from '../deploy/abort-listeners.js';
import type { Executor } from '../deploy/executor.js';
import type { Topology } from '../model/topology.js';
import type { CommandEnv, Screen } from './command-env.js';
import { enterScreen, fitFrame, leaveScreen, redraw } from './screen-frame.js';
import { statusCode, statusExit, statusJson, statusText, type StatusRound } from './status-report.js';
import { roundLine, watchHeader, type WatchRound } from './watch-header.js';

/**
 * The longest a round may take: every question of a round has its own shorter limit (a host's
 * reply 5 s, a node's session 5 s), so this only catches what would otherwise hang; such a round
 * shows every node unknown, never the states of the round before.
 */
const roundLimitMs = 20_000;

export type WatchOptions = {
  readonly topology: Topology;
  /** Open for the whole watch: each round reuses the connections (30 logins every 2 s would not do). */
  readonly executors: ReadonlyMap<string, Executor>;
  readonly format: 'text' | 'json';
  readonly intervalSeconds: number;
  readonly file: string | undefined;
};

/**
 * `status --watch`: a round of status, then another `intervalSeconds` after it ended, until Ctrl-C
 * (env.signal). On a terminal (env.screen) each round is drawn over the last on the alternate
 * screen under a header (time, changes); the last frame is printed again on the normal screen at
 * the end. Otherwise each round is a block of text, or one JSON document per line. Returns the
 * last finished round's exit code (statusExit; someUnknown when none finished). The caller closes
 * the connections.
 */
export async function watchStatus(options: WatchOptions, env: CommandEnv): Promise<number> {
  const signal = env.signal ?? new AbortController().signal;
  const screen = options.format === 'text' ? env.screen : undefined;
  const access = nodeAccess(options.executors);
  let code: number = statusExit.someUnknown;
  let previous: StatusRound | undefined;
  let lastChange: WatchRound['lastChange'];
  let frame = '';
  const draw = (s: Screen) => env.output.out(redraw(fitFrame(frame, s.columns(), s.rows())));
  // A resized window is redrawn at once, not at the next round.
  const stopResizing = screen?.onResize(() => draw(screen));
  if (screen) env.output.out(enterScreen);
  try {
    for (let number = 1; !signal.aborted; number++) {
      const started = Date.now();
      const round = await oneRound(options, access, signal);
      // Ctrl-C during the round: what it half saw (questions cut short read as unknown) is neither
      // shown nor the exit code.
      if (!round || signal.aborted) break;
      const changes = previous ? statusChanges(previous.status, round.status) : [];
      const info: WatchRound = {
        number,
        at: env.now(),
        tookMs: Date.now() - started,
        changes,
        ...(lastChange ? { lastChange } : {}),
      };
      if (changes.length > 0) lastChange = { at: info.at, changes };
      previous = round;
      code = statusCode(round);
      if (options.format === 'json')
        env.output.out(
          `${JSON.stringify({ round: number, time: info.at.toISOString(), changes, ...statusJson(options.topology, round) })}\n`,
        );
      else if (screen) {
        const header = watchHeader(info, options.intervalSeconds).join('\n');
        frame = `${header}\n\n${statusText(env.output, options.topology, round, options.file)}`;
        draw(screen);
      } else
        env.output.out(
          `${roundLine(info)}\n${statusText(env.output, options.topology, round, options.file)}\n`,
        );
      await pause(options.intervalSeconds * 1000, signal);
    }
  } finally {
    stopResizing?.();
    if (screen) {
      env.output.out(leaveScreen);
      // What was last seen stays in the terminal after the watch ends.
      if (frame !== '') env.output.out(frame);
    }
  }
  return code;
}

/**
 * One round, bounded by roundLimitMs; undefined when Ctrl-C cut it short. Swarm's membership is
 * asked alongside, as `status` does.
 */
async function oneRound(
  options: WatchOptions,
  access: ReturnType<typeof nodeAccess>,
  signal: AbortSignal,
): Promise<StatusRound | undefined> {
  const round = new AbortController();
  const stopWaiting = onAbort(signal, () => round.abort());
  const timer = setTimeout(() => round.abort(), roundLimitMs);
  try {
    const [status, swarm] = await Promise.all([
      clusterStatus(options.topology, access, round.signal),
      options.topology.swarm ? swarmMembership(options.topology, options.executors, round.signal) : undefined,
    ]);
    return { status, swarm };
  } catch (error) {
    if (signal.aborted) return undefined;
    if (!round.signal.aborted) throw error;
    return {
      status: everyNodeUnknown(options.topology, `no answer within the round's ${roundLimitMs / 1000} s`),
      swarm: undefined,
    };
  } finally {
    clearTimeout(timer);
    stopWaiting();
  }
}

/** Waits `ms`, or less when the signal is aborted. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let stopWaiting = () => undefined as void;
    const timer = setTimeout(() => {
      stopWaiting();
      resolve();
    }, ms);
    // Aborted already: called at once, before stopWaiting is set, which is why it needs none.
    stopWaiting = onAbort(signal, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
