import { unhandledEvent, type DeployEvent, type StepFailure } from '../deploy/events.js';
import { formatBytes } from '../model/byte-size.js';
import { paint, type Output } from './output.js';

/**
 * Plain progress lines for a terminal-less run (CI, scripts, pipes): one line when a step starts,
 * finishes or fails, and transfer progress in 25 % steps so a log stays readable.
 */
export function progressPrinter(output: Output): (event: DeployEvent) => void {
  const lastQuarter = new Map<string, number>();
  return (event) => {
    const where = `[${event.step.host ?? 'cluster'}] ${event.step.title}`;
    switch (event.type) {
      case 'step-started':
        output.out(`${paint(output, 'dim', '…')} ${where}\n`);
        return;
      case 'step-progress': {
        if (event.unit !== 'bytes' || event.total === 0) return;
        const quarter = Math.floor((event.done / event.total) * 4);
        if (quarter === 0 || quarter === lastQuarter.get(event.step.id)) return;
        lastQuarter.set(event.step.id, quarter);
        output.out(
          `  ${where}: ${quarter * 25}% (${formatBytes(event.done)} of ${formatBytes(event.total)})\n`,
        );
        return;
      }
      case 'step-output':
        output.out(`  ${paint(output, 'dim', `${event.step.host ?? 'cluster'}: ${event.line}`)}\n`);
        return;
      case 'step-finished': {
        const how = event.outcome === 'unchanged' ? 'unchanged' : 'done';
        output.out(
          `${paint(output, 'green', '✓')} ${where}: ${how}${event.detail ? ` (${event.detail})` : ''}\n`,
        );
        return;
      }
      case 'step-failed':
        output.err(formatFailure(output, where, event.failure));
        return;
      case 'step-blocked':
        if (event.by !== 'abort')
          output.out(`${paint(output, 'yellow', '-')} ${where}: not run (needs ${event.by})\n`);
        return;
      default:
        unhandledEvent(event);
    }
  };
}

/** A failure with its cause, fix and log tail, indented under the step. */
export function formatFailure(output: Output, where: string, failure: StepFailure): string {
  const lines = [`${paint(output, 'red', '✗')} ${where}: ${failure.message}`];
  if (failure.cause && !failure.message.includes(failure.cause)) lines.push(`    cause: ${failure.cause}`);
  if (failure.fix) lines.push(`    fix:   ${failure.fix}`);
  if (failure.logTail && failure.logTail.length > 0)
    lines.push('    log:', ...failure.logTail.map((line) => `      ${line}`));
  return `${lines.join('\n')}\n`;
}
