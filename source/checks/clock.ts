import type { CheckFinding } from './finding.js';

/** Clocks further apart than this break a cluster's leases and logs (TiUP's and OBD's threshold). */
export const maxClockSpreadMs = 500;

/**
 * One host's clock reading: the host's time, bracketed by when the probe was sent and when its
 * first line came back (local ms). The host read its clock somewhere in between.
 */
export type ClockSample = {
  readonly host: string;
  readonly remoteMs: number;
  readonly sentMs: number;
  readonly receivedMs: number;
};

/**
 * The spread of the hosts' clocks. Each offset is measured against the bracket's midpoint, so it is
 * known to within half the round trip; an error is reported only when the spread exceeds the limit
 * even at the most favourable end of every bracket, a warning when it may.
 */
export function clockFindings(samples: readonly ClockSample[]): CheckFinding[] {
  if (samples.length < 2) return [];
  const offsets = samples.map((s) => ({
    host: s.host,
    offset: s.remoteMs - (s.sentMs + s.receivedMs) / 2,
    margin: (s.receivedMs - s.sentMs) / 2,
  }));
  const fastest = offsets.reduce((a, b) => (b.offset > a.offset ? b : a));
  const slowest = offsets.reduce((a, b) => (b.offset < a.offset ? b : a));
  const spread = fastest.offset - slowest.offset;
  const certain = spread - fastest.margin - slowest.margin;
  const ms = (value: number) => `${Math.round(value)} ms`;
  const fix = `synchronise the clocks with NTP on every host (chrony or ntpd; \`chronyc tracking\` shows the offset)`;
  if (certain > maxClockSpreadMs)
    return [
      {
        level: 'error',
        host: null,
        check: 'clock',
        message: `the clocks of ${fastest.host} and ${slowest.host} are ${ms(spread)} apart (at least ${ms(certain)}); the limit is ${ms(maxClockSpreadMs)}`,
        fix,
      },
    ];
  if (spread > maxClockSpreadMs)
    return [
      {
        level: 'warning',
        host: null,
        check: 'clock',
        message: `the clocks of ${fastest.host} and ${slowest.host} may be ${ms(spread)} apart (measured to ±${ms(fastest.margin + slowest.margin)})`,
        fix,
      },
    ];
  return [
    {
      level: 'ok',
      host: null,
      check: 'clock',
      message: `clocks within ${ms(Math.max(spread, 0))} of each other (±${ms(fastest.margin + slowest.margin)})`,
    },
  ];
}
