/** The header of status --watch: when it was refreshed, and what changed (or when it last did). */
import { describe, expect, it } from 'vitest';
import { clockTime, roundLine, watchHeader } from '../../source/cli/watch-header.js';

const at = new Date(2026, 11, 5, 1, 2, 3);
const later = new Date(2026, 11, 5, 1, 2, 9);

describe('watchHeader', () => {
  it('the first round: interval, time of the refresh, round and duration', () => {
    expect(watchHeader({ number: 1, at, tookMs: 420, changes: [] }, 2)).toEqual([
      'every 2 s · refreshed 01:02:03 (round 1, took 0.4 s) · Ctrl-C stops',
      'first round',
    ]);
  });

  it('a round that changed something names each change', () => {
    const [, changes] = watchHeader(
      { number: 4, at: later, tookMs: 1_000, changes: ['P3 not reached', 'datanode3 up → unknown'] },
      5,
    );
    expect(changes).toBe('changed: P3 not reached, datanode3 up → unknown');
  });

  it('a quiet round keeps the last change on screen, with its time', () => {
    const [, changes] = watchHeader(
      {
        number: 5,
        at: later,
        tookMs: 1_000,
        changes: [],
        lastChange: { at, changes: ['datanode3 up → down'] },
      },
      2,
    );
    expect(changes).toBe('no change since the round before (last change at 01:02:03: datanode3 up → down)');
    expect(watchHeader({ number: 2, at: later, tookMs: 1, changes: [] }, 2)[1]).toBe(
      'no change since the first round',
    );
  });
});

describe('roundLine', () => {
  it('one line that starts a round’s block in a log', () => {
    expect(roundLine({ number: 3, at, tookMs: 250, changes: ['datanode3 up → down'] })).toBe(
      '— round 3 at 01:02:03 (took 0.3 s): changed: datanode3 up → down',
    );
  });

  it('times of day are zero-padded', () => {
    expect(clockTime(new Date(2026, 0, 1, 9, 5, 7))).toBe('09:05:07');
  });
});
