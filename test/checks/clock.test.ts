import { describe, expect, it } from 'vitest';
import { clockFindings } from '../../source/checks/clock.js';
import { parseHostFacts } from '../../source/checks/host-facts.js';

/** Samples as the check captures them: the host's `date +%s%N` line, and when it was sent and came back. */
function sample(host: string, dateLine: string, sentMs: number, receivedMs: number) {
  const remoteMs = parseHostFacts(`clock ${dateLine}`, 0).clockMs;
  if (remoteMs === undefined) throw new Error('unparsable');
  return { host, remoteMs, sentMs, receivedMs };
}

describe('clock spread', () => {
  it('passes clocks a few milliseconds apart', () => {
    const result = clockFindings([
      sample('P1', '1763900000100000000', 1763900000090, 1763900000110),
      sample('P2', '1763900000105000000', 1763900000092, 1763900000112),
    ]);
    expect(result).toMatchObject([{ level: 'ok', check: 'clock', host: null }]);
  });

  it('fails a spread above 500 ms that no round trip explains, naming both hosts', () => {
    const result = clockFindings([
      sample('P1', '1763900000100000000', 1763900000090, 1763900000110),
      sample('P2', '1763900000100000000', 1763900000095, 1763900000105),
      sample('P3', '1763900000900000000', 1763900000091, 1763900000111),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ level: 'error' });
    expect(result[0]?.message).toMatch(/P3 and P\d are (799|800|801) ms apart/);
    expect(result[0]?.fix).toContain('NTP');
  });

  it('only warns when a slow round trip leaves the spread uncertain', () => {
    const result = clockFindings([
      sample('P1', '1763900000100000000', 1763900000000, 1763900000200),
      sample('P2', '1763900000800000000', 1763900000000, 1763900000400),
    ]);
    expect(result[0]).toMatchObject({ level: 'warning' });
  });

  it('says nothing about a single host', () => {
    expect(clockFindings([sample('P1', '1763900000100000000', 0, 1)])).toEqual([]);
  });
});
