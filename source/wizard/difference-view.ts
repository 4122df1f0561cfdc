import { plural } from '../model/plural.js';
import { wrapToLines } from '../ui/wrapped-lines.js';
import { costliest, type Change } from '../plan/difference/change.js';
import type { DeployedDifference } from './wizard-services.js';

/** One line of Preview's "Changes against what is deployed" section, already wrapped. */
export type DifferenceLine = {
  readonly text: string;
  /** warning: a change deploy does not apply, drift, a host not read; danger: the whole cluster stops. */
  readonly tone: 'normal' | 'heading' | 'warning' | 'danger' | 'muted';
};

/** What Preview knows about what is deployed: still reading, or read. */
export type DeployedReading =
  { readonly status: 'reading' } | { readonly status: 'read'; readonly difference: DeployedDifference };

/** The changes deploy refuses to carry out (cli/deployed-gate.ts refuses the same). */
export function refusedChanges(difference: DeployedDifference): readonly Change[] {
  return difference.state === 'deployed' ? difference.changes.filter((change) => !change.deployApplies) : [];
}

/** The cost of the change that stops the whole cluster (plan/difference/downtime.ts), if one does. */
export function wholeClusterStop(difference: DeployedDifference | undefined): string | undefined {
  if (difference?.state !== 'deployed') return undefined;
  return difference.changes.find((change) => change.cost.startsWith('stops the whole cluster'))?.cost;
}

/** `stops the whole cluster for about 65 s (…)` → `about 65 s`; the whole cost when it has no figure. */
function stopDuration(cost: string): string {
  return /for (about \d+ s)/.exec(cost)?.[1] ?? cost;
}

/** The confirmation a whole-cluster stop needs, on top of the deployment's. */
export function stopQuestion(cost: string): string {
  return `This stops the whole cluster for ${stopDuration(cost)}: press y to confirm, n to go back`;
}

/**
 * Why deploying is stopped by what is deployed, with what to do; undefined when it is not. The
 * wizard's deploy refuses the same (app/wizard-services.ts), should the hosts change meanwhile.
 */
export function differenceBlocker(
  difference: DeployedDifference | undefined,
  file: string,
): string | undefined {
  if (difference?.state !== 'deployed') return undefined;
  const refused = refusedChanges(difference);
  const reasons: string[] = [];
  if (refused.length > 0)
    reasons.push(
      `${plural(refused.length, 'change')} deploy does not apply (${refused.map((change) => change.what).join('; ')}): make ${refused.length === 1 ? 'it' : 'them'} by hand or take ${refused.length === 1 ? 'it' : 'them'} out of the topology (Esc, back to Layout)`,
    );
  if (difference.drift.length > 0)
    reasons.push(
      `the servers were changed outside ddb-setup (${difference.drift.map((drift) => drift.what).join('; ')}): ${difference.drift.map((drift) => drift.fix).join('; ')}`,
    );
  if (reasons.length === 0) return undefined;
  return `${reasons.join('; and ')}; then open Preview again (\`ddb-setup plan -f ${file}\` shows the difference)`;
}

/** The question Preview asks before a change of a running cluster: how many, and what it costs most. */
export function changeSummary(difference: DeployedDifference | undefined): string | undefined {
  if (difference?.state !== 'deployed' || difference.changes.length === 0) return undefined;
  const { changes } = difference;
  // The stop's figure only: the question must fit its box on one line.
  const cost = costliest(changes, true);
  return `${plural(changes.length, 'change')} to the running cluster (${cost})`;
}

/**
 * Preview's section on what is deployed, wrapped to `width` and at most `maxLines` long (a note
 * says how many lines were left out and where to read them all). Empty when nothing is deployed.
 */
export function differenceLines(
  reading: DeployedReading | undefined,
  options: { readonly width: number; readonly maxLines: number; readonly file: string },
): DifferenceLine[] {
  if (!reading) return [];
  if (reading.status === 'reading') return [{ text: 'reading what is deployed…', tone: 'muted' }];
  const { difference } = reading;
  const width = Math.max(20, options.width);
  const lines: DifferenceLine[] = [];
  const add = (text: string, tone: DifferenceLine['tone'], indent = '') => {
    // Continuation lines hang under the text, so each change reads as one block.
    for (const part of wrapToLines(`${indent}${text}`, width, `${indent}  `))
      lines.push({ text: part, tone });
  };
  if (difference.state === 'not-deployed') return [];
  if (difference.state === 'unknown') {
    add(
      `What is deployed could not be read (${difference.notRead.map((host) => `${host.host}: ${host.reason}`).join('; ')}); deploy reads it again before it changes anything.`,
      'muted',
    );
    return fit(lines, options);
  }
  const from = `read from ${difference.readFrom.join(', ')}`;
  const stop = wholeClusterStop(difference);
  if (stop) add(`⚠ This change ${stop}; deploying asks you to confirm it.`, 'danger');
  if (difference.changes.length === 0) add(`No changes against what is deployed (${from}).`, 'heading');
  else add(`Changes against what is deployed (${from}):`, 'heading');
  const change = (item: Change) => {
    if (item.deployApplies) add(`~ ${item.what}`, 'normal', '  ');
    else add(`~ ${item.what}  [deploy does not apply this]`, 'warning', '  ');
    add(`how:  ${item.how}`, 'muted', '    ');
    add(`cost: ${item.cost}`, 'muted', '    ');
  };
  // What stops the deploy comes first: on a short screen the rest is what gets cut.
  refusedChanges(difference).forEach(change);
  for (const drift of difference.drift) {
    add(`! drift: ${drift.what}`, 'warning', '  ');
    add(`fix: ${drift.fix}`, 'muted', '    ');
  }
  difference.changes.filter((item) => item.deployApplies).forEach(change);
  for (const text of difference.disagreements) add(`! ${text}`, 'warning', '  ');
  for (const host of difference.notRead) add(`! not read: ${host.host}: ${host.reason}`, 'warning', '  ');
  return fit(lines, options);
}

/** At most `maxLines`, the last one saying how many were left out. */
function fit(
  lines: DifferenceLine[],
  options: { readonly maxLines: number; readonly file: string },
): DifferenceLine[] {
  const max = Math.max(2, options.maxLines);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max - 1);
  return [
    ...kept,
    {
      text: `… ${plural(lines.length - kept.length, 'more line')}: ddb-setup plan -f ${options.file} lists every change`,
      tone: 'muted',
    },
  ];
}
