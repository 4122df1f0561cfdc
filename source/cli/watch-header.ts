/** What the header of one round of `status --watch` says. */
export type WatchRound = {
  /** 1 for the first round. */
  readonly number: number;
  /** When the round ended (its states are as of then). */
  readonly at: Date;
  readonly tookMs: number;
  /** What differs from the round before (app/status-changes.ts); empty in the first. */
  readonly changes: readonly string[];
  /** The latest earlier round that changed something, so a change stays on screen after it. */
  readonly lastChange?: { readonly at: Date; readonly changes: readonly string[] };
};

/** `01:32:05`, the local time of day: a watch is read by someone looking at a clock. */
export function clockTime(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** `0.4 s`. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The two header lines over the table on a terminal: when the screen was last refreshed and how
 * often, then what changed since the round before (or when the last change was, and what).
 */
export function watchHeader(round: WatchRound, intervalSeconds: number): string[] {
  return [
    `every ${intervalSeconds} s · refreshed ${clockTime(round.at)} (round ${round.number}, took ${seconds(round.tookMs)}) · Ctrl-C stops`,
    changeLine(round),
  ];
}

/**
 * One round as a block in a log (without a terminal): a first line with the round, its time and
 * its changes; the status text follows it.
 */
export function roundLine(round: WatchRound): string {
  return `— round ${round.number} at ${clockTime(round.at)} (took ${seconds(round.tookMs)}): ${changeLine(round)}`;
}

function changeLine(round: WatchRound): string {
  if (round.number === 1) return 'first round';
  if (round.changes.length > 0) return `changed: ${round.changes.join(', ')}`;
  const last = round.lastChange;
  return last
    ? `no change since the round before (last change at ${clockTime(last.at)}: ${last.changes.join(', ')})`
    : 'no change since the first round';
}
