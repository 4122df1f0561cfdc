import { describe, expect, it } from 'vitest';
import { formatFindings } from '../../source/cli/check-output.js';
import { hostRuns } from '../../source/cli/host-runs.js';
import type { CheckFinding } from '../../source/checks/finding.js';

const plain = { color: false, out: () => undefined, err: () => undefined } as unknown as Parameters<
  typeof formatFindings
>[0];

const limit = (host: string): CheckFinding =>
  ({
    level: 'warning',
    host,
    check: 'open-files',
    message: 'the open files limit is 20000; DolphinDB recommends 102400',
    fix: 'raise it',
  }) as CheckFinding;

describe('hostRuns', () => {
  it('consecutive numbers of one prefix become a range, the rest is listed in order', () => {
    expect(hostRuns(['P1', 'P2', 'P3', 'P4'])).toBe('P1–P4');
    expect(hostRuns(['P1', 'P2', 'P7', 'db9', 'web'])).toBe('P1, P2, P7, db9, web');
    expect(hostRuns(['P28', 'P29', 'P30', 'Q1'])).toBe('P28–P30, Q1');
    expect(hostRuns(['h01', 'h02'])).toBe('h01, h02');
  });
});

describe('formatFindings', () => {
  it('the same finding on 30 hosts is one line naming them, with one fix', () => {
    const text = formatFindings(
      plain,
      Array.from({ length: 30 }, (_, i) => limit(`P${i + 1}`)),
      false,
    );
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(text).toMatch(/^! P1–P30 +open-files +the open files limit is 20000/);
    expect(text).toContain('fix: raise it');
  });

  it('hosts too many to name in the column are counted there and listed before the message', () => {
    const text = formatFindings(plain, ['P1', 'P3', 'P5', 'P7'].map(limit), false);
    expect(text).toMatch(/^! 4 hosts +open-files +on P1, P3, P5, P7: the open files limit/);
  });

  it('different messages stay apart, one host stays as it was, and errors come first', () => {
    const findings = [
      limit('P1'),
      { ...limit('P2'), message: 'the open files limit is 1024; DolphinDB recommends 102400' },
      { level: 'error', host: 'P3', check: 'port', message: '8800 is in use' } as CheckFinding,
    ];
    const lines = formatFindings(plain, findings, false)
      .split('\n')
      .filter((line) => !line.includes('fix:'));
    expect(lines.filter(Boolean)).toEqual([
      expect.stringMatching(/^✗ P3 +port +8800 is in use$/),
      expect.stringMatching(/^! P1 +open-files +the open files limit is 20000/),
      expect.stringMatching(/^! P2 +open-files +the open files limit is 1024/),
    ]);
  });
});
