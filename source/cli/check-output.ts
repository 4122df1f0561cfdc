import type { CheckFinding } from '../checks/finding.js';
import { plural } from '../model/plural.js';
import { hostRuns } from './host-runs.js';
import { paint, type Output } from './output.js';

/** Errors first, then warnings, then what passed; cluster-wide results before each host's. */
function ordered(findings: readonly CheckFinding[]): CheckFinding[] {
  const rank = { error: 0, warning: 1, ok: 2 } as const;
  return [...findings].sort((a, b) => rank[a.level] - rank[b.level]);
}

/** One line of the text: a finding, or the same finding on several hosts (`hosts` names them). */
type Shown = CheckFinding & { readonly hosts?: string; readonly count?: number };

/**
 * The same finding (level, check, message, fix) on several hosts is one line naming them all
 * (`! P1–P30  open-files  …`): at 30 hosts one limit every server shares is one line, not 30.
 */
function grouped(findings: readonly CheckFinding[]): Shown[] {
  const groups = new Map<string, CheckFinding[]>();
  const shown: (Shown | CheckFinding[])[] = [];
  for (const finding of findings) {
    if (finding.host === undefined || finding.host === null) {
      shown.push(finding);
      continue;
    }
    const key = JSON.stringify([finding.level, finding.check, finding.message, finding.fix ?? null]);
    const group = groups.get(key);
    if (group) group.push(finding);
    else {
      const fresh = [finding];
      groups.set(key, fresh);
      shown.push(fresh);
    }
  }
  return shown.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    const [first] = entry as [CheckFinding];
    return entry.length === 1
      ? first
      : { ...first, hosts: hostRuns(entry.map((f) => f.host ?? '')), count: entry.length };
  });
}

/**
 * The findings as text: one line each (`✗ P1  port  8800 (controller1) is already in use…`), the fix
 * indented under it; the same finding on several hosts once, naming them. `all` includes the checks
 * that passed.
 */
export function formatFindings(output: Output, findings: readonly CheckFinding[], all: boolean): string {
  const shown = grouped(ordered(findings).filter((f) => all || f.level !== 'ok'));
  // A long list of hosts goes before the message rather than widening the host column.
  const column = (f: Shown) =>
    f.hosts === undefined ? (f.host ?? 'cluster') : f.hosts.length <= 12 ? f.hosts : `${f.count} hosts`;
  const hostWidth = Math.max(7, ...shown.map((f) => column(f).length));
  const checkWidth = Math.max(...shown.map((f) => f.check.length), 5);
  return shown
    .map((f) => {
      const mark =
        f.level === 'error'
          ? paint(output, 'red', '✗')
          : f.level === 'warning'
            ? paint(output, 'yellow', '!')
            : paint(output, 'green', '✓');
      const where = f.hosts !== undefined && column(f) !== f.hosts ? `on ${f.hosts}: ` : '';
      const line = `${mark} ${column(f).padEnd(hostWidth)}  ${f.check.padEnd(checkWidth)}  ${where}${f.message}\n`;
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
