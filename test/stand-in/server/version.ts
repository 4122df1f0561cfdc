/**
 * The DolphinDB version the stand-in pretends to be. The packer builds one bundle per version
 * (esbuild `define`); tests build with the default.
 */
declare const __STAND_IN_VERSION__: string | undefined;

export const SERVER_VERSION: string =
  typeof __STAND_IN_VERSION__ === 'string' ? __STAND_IN_VERSION__ : '2.00.11.3';

/**
 * Build dates of the releases the stand-in knows, so `version()` reads as `<version> <date>`.
 * 2.00.11.3 → 2024.01.18 is the example this project's brief gives; others use a placeholder date.
 */
const buildDates: Record<string, string> = { '2.00.11.3': '2024.01.18' };

export const SERVER_BUILD_DATE = buildDates[SERVER_VERSION] ?? '2024.01.01';

/** The first line of every log, and part of `version()`: nobody may mistake this for DolphinDB. */
export const STAND_IN_BANNER = `ddb-setup stand-in for DolphinDB server ${SERVER_VERSION} (test double, not DolphinDB)`;

/** `version()`: the real `<version> <date>` form first, then a plain stand-in notice. */
export const VERSION_STRING = `${SERVER_VERSION} ${SERVER_BUILD_DATE} (ddb-setup stand-in, not DolphinDB)`;

/** Compares dotted versions numerically on their common prefix: compareVersions('2.00.11.3', '2.00') = 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10));
  const pb = b.split('.').map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** True when this server is at least `version` (e.g. '3.00.5'). */
export const atLeast = (version: string): boolean => {
  const pa = SERVER_VERSION.split('.').map(Number);
  const pb = version.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
};
