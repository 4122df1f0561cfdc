import { describe, expect, it } from 'vitest';
import { daysUntilExpiry, parseLicense } from '../../source/checks/license-terms.js';

const community = '2042.01.01,8,2,3,Trial Users,0,-1,,1';

describe('parseLicense', () => {
  it('reads the community licence first line as expiry, memory, cores, nodes and client', () => {
    expect(parseLicense(`${community}\nsignature…\n`)).toEqual({
      expires: '2042.01.01',
      expiry: { year: 2042, month: 1, day: 1 },
      maxMemoryPerNode: 8,
      maxCoresPerNode: 2,
      maxNodes: 3,
      clientName: 'Trial Users',
    });
  });

  it('tolerates a BOM, CRLF, spaces around fields, only five fields, and more fields', () => {
    const expected = parseLicense(community);
    expect(parseLicense(`\uFEFF${community}\r\nsecond line`)).toEqual(expected);
    expect(parseLicense(' 2042.01.01 , 8 ,2, 3 ,Trial Users ,0,-1,,1 \r\n')).toEqual(expected);
    expect(parseLicense('2042.01.01,8,2,3,Trial Users')).toEqual(expected);
    expect(parseLicense(`${community},x,y,z`)).toEqual(expected);
    expect(parseLicense('2030.12.31,256,64,40,ACME Corp,1,2')).toMatchObject({
      expires: '2030.12.31',
      maxMemoryPerNode: 256,
      maxCoresPerNode: 64,
      maxNodes: 40,
      clientName: 'ACME Corp',
    });
    expect(parseLicense('2030.12.31,0.5,1,1,x')?.maxMemoryPerNode).toBe(0.5);
  });

  it.each([
    ['empty text', ''],
    ['a blank first line', `\n${community}`],
    ['too few fields', '2042.01.01,8,2,3'],
    ['another date format', '2042-01-01,8,2,3,Trial Users'],
    ['a day that does not exist', '2042.02.30,8,2,3,Trial Users'],
    ['month 13', '2042.13.01,8,2,3,Trial Users'],
    ['zero nodes', '2042.01.01,8,2,0,Trial Users'],
    ['negative cores', '2042.01.01,8,-2,3,Trial Users'],
    ['zero memory', '2042.01.01,0,2,3,Trial Users'],
    ['memory with a unit', '2042.01.01,8GB,2,3,Trial Users'],
    ['fractional nodes', '2042.01.01,8,2,3.5,Trial Users'],
    ['binary', '\u0000\u0001\u00ff\u00fe'],
    ['base64 of a signed blob', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'],
  ])('returns undefined for %s', (_name, text) => {
    expect(parseLicense(text)).toBeUndefined();
  });
});

describe('daysUntilExpiry', () => {
  const terms = parseLicense(community);
  if (!terms) throw new Error('the community line must parse');

  it('counts calendar days from the local date, ignoring the time of day', () => {
    expect(daysUntilExpiry(terms, new Date(2042, 0, 1, 23, 59))).toBe(0);
    expect(daysUntilExpiry(terms, new Date(2042, 0, 2, 0, 0))).toBe(-1);
    expect(daysUntilExpiry(terms, new Date(2041, 11, 31, 0, 1))).toBe(1);
    expect(daysUntilExpiry(terms, new Date(2041, 0, 1))).toBe(365);
  });
});
