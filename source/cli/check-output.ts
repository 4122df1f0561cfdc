import type { CheckFinding } from '../checks/finding.js';
import { plural } from '../model/plural.js';
import { paint, type Output } from './output.js';

/** Errors first, then warnings, then what passed; cluster-wide results before each host's. */
function ordered(findings: readonly CheckFinding[]): CheckFinding[] {
  const rank = { error: 0, warning: 1, ok: 2 } as const;
  return [...findings].sort((a, b) => rank[a.level] - rank[b.level]);
}

/**
 * The findings as text: one line each (`✗ P1  port  8800 (controller1) is already in use…`), the fix
 * indented under it. `all` includes the checks that passed.
 */
export function formatFindings(output: Output, findings: readonly CheckFinding[], all: boolean): string {
  const shown = ordered(findings).filter((f) => all || f.level !== 'ok');
  const hostWidth = Math.max(7, ...shown.map((f) => (f.host ?? 'cluster').length));
  const checkWidth = Math.max(...shown.map((f) => f.check.length), 5);
  return shown
    .map((f) => {
      const mark =
        f.level === 'error'
          ? paint(output, 'red', '✗')
          : f.level === 'warning'
            ? paint(output, 'yellow', '!')
            : paint(output, 'green', '✓');
      const line = `${mark} ${(f.host ?? 'cluster').padEnd(hostWidth)}  ${f.check.padEnd(checkWidth)}  ${f.message}\n`;
      const indent = ' '.repeat(hostWidth + checkWidth + 6);
      return f.fix ? `${line}${indent}${paint(output, 'dim', 'fix:')} ${f.fix}\n` : line;
    })
    .join('');
}

/** `2 errors, 1 warning, 31 passed`. */
export function countFindings(findings: readonly CheckFinding[]): string {
  const count = (level: CheckFinding['level']) => findings.filter((f) => f.level === level).length;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('ok')} passed`;
}

/** The stable JSON of `check --format json`. */
export function findingsJson(findings: readonly CheckFinding[]): string {
  return `${JSON.stringify(
    {
      ok: !findings.some((f) => f.level === 'error'),
      findings: findings.map(({ level, host, check, message, fix }) => ({
        level,
        host,
        check,
        message,
        fix: fix ?? null,
      })),
    },
    null,
    2,
  )}\n`;
}
