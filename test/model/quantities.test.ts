import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../source/model/byte-size.js';
import { plural } from '../../source/model/plural.js';

describe('plural', () => {
  it.each([
    [0, 'host', undefined, '0 hosts'],
    [1, 'host', undefined, '1 host'],
    [2, 'error', undefined, '2 errors'],
    [1, 'process', 'processes', '1 process'],
    [3, 'process', 'processes', '3 processes'],
  ] as const)('%i %s', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [36 * 1024, '36 KB'],
    [36_000, '35 KB'],
    [1024 * 1024 - 100, '1 MB'],
    [512 * 1024 * 1024, '512 MB'],
    [3.14 * 1024 ** 3, '3.1 GB'],
    [2 * 1024 ** 4, '2.0 TB'],
  ])('%d bytes → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
