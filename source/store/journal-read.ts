import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { processAlive } from './process-alive.js';
import type { JournalRecord, JournalRun, JournalStep, RunEnd } from './journal-records.js';

/**
 * A run read back from its file; undefined when the file is not a run journal. A run without an
 * end record is `running` while its process still lives on this machine, else `interrupted`
 * (killed, or its machine stopped): nothing else ends a run without writing its end.
 */
export function readRun(file: string): JournalRun | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      // A line cut by a crash mid-write (or a full disk): the lines before it still count.
    }
  }
  const head = records[0];
  if (head?.type !== 'run') return undefined;
  const steps = new Map<string, JournalStep & { output: string[] }>();
  const commands: JournalRun['commands'][number][] = [];
  let end: RunEnd | undefined;
  let finishedAt: string | undefined;
  for (const record of records.slice(1)) {
    if (record.type === 'command')
      commands.push({ at: record.at, host: record.host, command: record.command });
    else if (record.type === 'output') steps.get(record.id)?.output.push(record.line);
    else if (record.type === 'step') {
      const { type: _type, ...step } = record;
      steps.set(record.id, { ...step, output: steps.get(record.id)?.output ?? [] });
    } else if (record.type === 'end') {
      end = record.interrupted ? 'interrupted' : record.ok ? 'ok' : 'failed';
      finishedAt = record.at;
    }
  }
  end ??= head.machine === hostname() && processAlive(head.pid) ? 'running' : 'interrupted';
  const { type: _run, ...fields } = head;
  return {
    ...fields,
    file,
    end,
    ...(finishedAt ? { finishedAt } : {}),
    steps: [...steps.values()],
    commands,
  };
}

/**
 * What to tell the user when the last run of `command` was interrupted: where it stopped (the
 * steps it was running, with their hosts), or undefined when it ended.
 */
export function interruptionNotice(previous: readonly JournalRun[], command: string): string | undefined {
  const last = previous.filter((run) => run.command === command).at(-1);
  if (last?.end !== 'interrupted') return undefined;
  const running = last.steps.filter((step) => step.state === 'running');
  const at = (running.length > 0 ? running : last.steps.slice(-1)).map(
    (step) => `${step.title}${step.host ? ` on ${step.host}` : ''}`,
  );
  const where =
    at.length === 0
      ? 'before its first step'
      : `at ${at.slice(0, 3).join(', ')}${at.length > 3 ? ` and ${at.length - 3} more` : ''}`;
  const when = last.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const who = last.machine === hostname() ? '' : ` from ${last.machine}`;
  return `the last ${command} (started ${when}${who}) was interrupted ${where}; continuing`;
}
