import type { CheckFinding } from './finding.js';

/** Findings of the licence check: about the whole deployment, so on no host. */
export function licenseError(message: string, fix: string): CheckFinding {
  return { level: 'error', host: null, check: 'license', message, fix };
}

export function licenseWarning(message: string, fix: string): CheckFinding {
  return { level: 'warning', host: null, check: 'license', message, fix };
}

export function licenseOk(message: string): CheckFinding {
  return { level: 'ok', host: null, check: 'license', message };
}

/** `1 node`, `3 nodes`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
