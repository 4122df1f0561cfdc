/**
 * DolphinDB release numbers look like `2.00.11.3` or `1.30.21`: numeric parts compared one by one,
 * missing parts counting as 0. Build suffixes such as `_ABI` or `_JIT` are not part of the version.
 */
export type Version = readonly number[];

const versionPattern = /^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Parses `2.00.11.3`; returns undefined for anything else. */
export function parseVersion(text: string): Version | undefined {
  const match = versionPattern.exec(text);
  if (!match) return undefined;
  return match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number);
}

/** Compares two versions: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** True when `version` is at least `minimum` (both as text). Unparseable versions count as new. */
export function isAtLeast(version: string, minimum: string): boolean {
  const parsed = parseVersion(version);
  const min = parseVersion(minimum);
  if (!parsed || !min) return true;
  return compareVersions(parsed, min) >= 0;
}

/**
 * Features gated by version, each with its source in dolphindb-facts.md §4.
 * Compute nodes arrived in 1.30.14 on the 1.30 line and in 2.00.1 on the 2.00 line.
 */
export function supportsComputeNodes(version: string): boolean {
  const v = parseVersion(version);
  if (!v) return true;
  if ((v[0] ?? 0) === 1) return compareVersions(v, [1, 30, 14]) >= 0;
  return compareVersions(v, [2, 0, 1]) >= 0;
}

/** 2.00 added the TSDB engine (TSDBCacheEngineSize, TSDBRedoLogDir). */
export function hasTsdbEngine(version: string): boolean {
  return isAtLeast(version, '2.00.0');
}

/** `OLAPCacheEngineSize` replaced `chunkCacheEngineMemSize` in 2.00.7 (old name kept as alias). */
export function olapCacheKey(version: string): 'OLAPCacheEngineSize' | 'chunkCacheEngineMemSize' {
  return isAtLeast(version, '2.00.7') ? 'OLAPCacheEngineSize' : 'chunkCacheEngineMemSize';
}
