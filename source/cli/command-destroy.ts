import { runOperation } from '../app/run-operation.js';
import type { DeployEvent } from '../deploy/events.js';
import { plural } from '../model/plural.js';
import { adminPasswordOption, commandAdminLogin } from './admin-login-option.js';
import type { CommandEnv } from './command-env.js';
import { destroyPreview } from './destroy-preview.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { progressPrinter } from './progress-lines.js';
import { UsageError } from './usage-error.js';

/**
 * `destroy -f FILE [--data] [--confirm NAME]`: stops every process gracefully, then removes from
 * each host what ddb-setup created there and nothing else; data stays unless `--data`. The
 * cluster's name must be typed on a terminal (`--yes` only accepts host keys, it never answers
 * this); a script passes it with `--confirm NAME`. Every step reads the host first, so a destroy
 * cut short, or one that could not reach a host, is finished by running it again.
 */
export async function runDestroy(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'destroy',
    {
      file: { type: 'string', short: 'f' },
      data: { type: 'boolean' },
      confirm: { type: 'string' },
      format: { type: 'string' },
      ...hostAccessOptions,
      ...adminPasswordOption,
    },
    argv,
  );
  const format = parseFormat(values.format, 'destroy');
  const planned = planFromFile(values.file, env, format, 'destroy', 'destroy', {
    data: values.data === true,
  });
  if (typeof planned === 'number') return planned;
  const { topology, plan } = planned;
  const name = topology.name;
  // Both refusals come before any connection: nothing on any host is touched.
  if (values.confirm !== undefined && values.confirm !== name)
    throw new UsageError(
      `--confirm ${values.confirm} is not this cluster's name: the topology names it ${name} (--confirm ${name}); nothing was changed`,
    );
  const askLine = env.askLine;
  if (values.confirm === undefined && !askLine)
    throw new UsageError(
      `destroy removes cluster ${name} from its hosts and there is no terminal to type its name on: add --confirm NAME (--confirm ${name}); \`ddb-setup plan -f FILE --operation destroy\` shows what it removes; nothing was changed`,
    );
  const admin = commandAdminLogin(values['admin-password-stdin'], values.file, env);
  const print = format === 'json' ? undefined : progressPrinter(env.output);
  // What each host's steps removed and kept, in their own words (`removed PATH`, `kept PATH: why`).
  const said = new Map<string, string[]>();
  const onEvent = (event: DeployEvent) => {
    if (event.type === 'step-output' && event.step.phase === 'remove' && event.step.host !== null)
      said.set(event.step.host, [...(said.get(event.step.host) ?? []), event.line]);
    print?.(event);
  };
  if (format === 'text') env.output.out(`${destroyPreview(plan).join('\n')}\n`);
  const result = await runOperation({
    topology,
    topologyFile: planned.file,
    plan,
    command: values.data ? 'destroy --data' : 'destroy',
    now: env.now,
    connect: (journal) => hostAccess(topology, values, env, journal),
    async beforeRun() {
      if (values.confirm === name || !askLine) return true;
      const typed = await askLine(
        `This cannot be undone${values.data ? ', and --data deletes the data' : ''}. Type the cluster's name (${name}) to destroy it: `,
      );
      if (typed.trim() === name) return true;
      env.output.err(
        `${paint(env.output, 'red', '✗')} "${typed.trim()}" is not ${name}: nothing was changed\n`,
      );
      return false;
    },
    admin,
    onEvent,
    onNotice: (text) => env.output.err(`${paint(env.output, 'yellow', '!')} ${text}\n`),
    ...(env.signal ? { signal: env.signal } : {}),
  });
  if (result.refused) return 1;
  const changed = result.steps.filter((step) => step.state === 'done').length;
  const failed = result.steps.filter((step) => step.state === 'failed' || step.state === 'blocked');
  if (format === 'json')
    env.output.out(
      `${JSON.stringify({ ok: result.ok, aborted: result.aborted, nothingToDo: result.ok && changed === 0, hosts: Object.fromEntries(said), steps: result.steps, journal: result.journal }, null, 2)}\n`,
    );
  else if (result.ok && changed === 0)
    env.output.out(
      `${paint(env.output, 'green', '✓')} nothing to destroy: cluster ${name} has no process running and nothing of ddb-setup's left to remove${values.data ? '' : ' (data kept; --data deletes it)'}\n`,
    );
  else if (result.ok)
    env.output.out(
      `${paint(env.output, 'green', '✓')} cluster ${name} destroyed on ${plural(plan.hosts.length, 'host')}${values.data ? ', data included' : '; its data is kept (destroy --data deletes it)'}\n`,
    );
  else
    env.output.err(
      `${paint(env.output, 'red', '✗')} ${result.aborted ? 'aborted' : `${plural(failed.length, 'step')} did not complete`}: ${failed.map((step) => step.id).join(', ')}. ` +
        `Fix what is said above and run the same command again: it finishes what is left.\n  journal: ${result.journal}\n`,
    );
  return result.ok ? 0 : result.aborted ? 130 : 1;
}
