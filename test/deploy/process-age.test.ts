import { describe, expect, it } from 'vitest';
import { hasReadConfigs, parseProcessAge } from '../../source/deploy/process-age.js';

describe('parseProcessAge', () => {
  it('adds the ticks after boot to the boot time and keeps the newest mtime', () => {
    expect(parseProcessAge('started 1000 250 100\nmtime 1001\nmtime 1002\n')).toEqual({
      startedAt: 1002.5,
      newestConfig: 1002,
    });
  });

  it('says not running and no config when the lines are absent or broken', () => {
    expect(parseProcessAge('')).toEqual({ startedAt: undefined, newestConfig: undefined });
    expect(parseProcessAge('started 1000  100\nmtime x\n')).toEqual({
      startedAt: undefined,
      newestConfig: undefined,
    });
  });
});

describe('hasReadConfigs', () => {
  it('is true for a process started a full second after the newest write', () => {
    expect(hasReadConfigs({ startedAt: 1011, newestConfig: 1010 })).toBe(true);
    expect(hasReadConfigs({ startedAt: 2000, newestConfig: 1010 })).toBe(true);
  });

  it('restarts a process started before, or within the second of, the write', () => {
    expect(hasReadConfigs({ startedAt: 1009, newestConfig: 1010 })).toBe(false);
    expect(hasReadConfigs({ startedAt: 1010.9, newestConfig: 1010 })).toBe(false);
  });

  it('restarts a process that does not run; keeps one when no config file exists', () => {
    expect(hasReadConfigs({ startedAt: undefined, newestConfig: 1010 })).toBe(false);
    expect(hasReadConfigs({ startedAt: 5, newestConfig: undefined })).toBe(true);
  });
});
