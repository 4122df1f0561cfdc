import { describe, expect, it } from 'vitest';
import { expiryWarning, licenceExpiry } from '../../source/app/licence-expiry.js';

// DolphinDB DATEs are days since 1970-01-01.
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const today = new Date(2026, 11, 5, 23, 30); // local 2026-12-05, late in the day

describe('licence expiry in status', () => {
  it('reads a DATE as YYYY.MM.DD and counts calendar days from today', () => {
    expect(licenceExpiry(day(2026, 12, 20), today)).toEqual({ expires: '2026.12.20', daysLeft: 15 });
    expect(licenceExpiry(day(2042, 1, 1), today).expires).toBe('2042.01.01');
  });

  it('warns within 15 days (facts §5), naming the nodes and the fix; not at 16 days', () => {
    const at = (d: number) => ({ alias: 'controller1', licence: licenceExpiry(day(2026, 12, d), today) });
    expect(expiryWarning([at(21)])).toBeUndefined();
    expect(expiryWarning([at(20), { alias: 'agent1', licence: null }])).toBe(
      'the licence expires on 2026.12.20, in 15 days (controller1): set server.license to the renewed dolphindb.lic and run deploy, which applies it with updateLicense()',
    );
    expect(expiryWarning([at(5)])).toContain('expires today (2026.12.05)');
    expect(expiryWarning([at(1)])).toContain('expired on 2026.12.01');
  });
});
