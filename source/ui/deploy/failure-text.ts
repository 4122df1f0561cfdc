import type { PaneModel } from './deploy-model.js';

/**
 * Everything a pane's failures say, one entry per line of text for the full view (`f`): for each
 * failed process its message, cause and fix, then the last lines of its log. The pane shows them
 * cut to one line each; here nothing is cut (LogView wraps each line whole).
 */
export function failureText(pane: PaneModel): string[] {
  return pane.rows.flatMap((row) => {
    const failure = row.failure;
    if (row.state !== 'failed' || !failure) return [];
    const tail = failure.logTail ?? [];
    return [
      `✗ ${row.label}: ${failure.message}`,
      ...(failure.cause ? [`cause: ${failure.cause}`] : []),
      ...(failure.fix ? [`fix: ${failure.fix}`] : []),
      ...(tail.length > 0 ? ['last lines of its log:', ...tail.map((line) => `│ ${line}`)] : []),
      '',
    ];
  });
}
