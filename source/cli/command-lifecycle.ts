import { runOperation } from '../app/run-operation.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { adminPasswordOption, commandAdminLogin } from './admin-login-option.js';
import type { CommandEnv } from './command-env.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { progressPrinter } from './progress-lines.js';
import { UsageError } from './usage-error.js';
import type { NotReached } from '../deploy/events.js';

/** `start` / `stop -f FILE [--node ALIAS]`: the start-up order, or its reverse with SIGTERM and a wait. */
export function lifecycleCommand(verb: 'start' | 'stop') {
  return async (argv: readonly string[], env: CommandEnv): Promise<number> => {
    const { values } = parseOptions(
      verb,
      {
        file: { type: 'string', short: 'f' },
        node: { type: 'string' },
        format: { type: 'string' },
        ...hostAccessOptions,
        ...adminPasswordOption,
      },
      argv,
    );
    const format = parseFormat(values.format, verb);
    const planned = planFromFile(values.file, env, format, verb, verb, { node: values.node });
    if (typeof planned === 'number') return planned;
    const admin = commandAdminLogin(values['admin-password-stdin'], values.file, env);
    const { topology, plan } = planned;
    if (values.node !== undefined && !topology.nodes.some((node) => node.alias === values.node))
      throw new UsageError(
        `--node ${values.node}: no node has that alias; the aliases are ${topology.nodes.map((n) => n.alias).join(', ')}`,
      );
    const print = format === 'json' ? undefined : progressPrinter(env.output);
    const command = values.node ? `${verb} --node ${values.node}` : verb;
    const report = await runOperation({
      topology,
      topologyFile: planned.file,
      plan,
      command,
      connect: (journal) => hostAccess(topology, values, env, journal),
      admin,
      ...(print ? { onEvent: print } : {}),
      onNotice: (text) => env.output.err(`${paint(env.output, 'yellow', '!')} ${text}\n`),
      ...(env.signal ? { signal: env.signal } : {}),
      now: env.now,
    });
    // Nothing stands between connecting and running a start or stop: never refused.
    if (report.refused) return 1;
    const notReached = report.steps.flatMap((step) => step.failure?.notReached ?? []);
    const past = verb === 'start' ? 'started' : 'stopped';
    if (format === 'json')
      env.output.out(`${JSON.stringify({ ok: report.ok, steps: report.steps, notReached }, null, 2)}\n`);
    else if (report.ok) env.output.out(`${paint(env.output, 'green', '✓')} ${past}\n`);
    else
      env.output.err(
        `${paint(env.output, 'red', '✗')} ${verb} did not complete (journal: ${report.journal})\n${unreachedLines(notReached, past)}`,
      );
    return report.ok ? 0 : report.aborted ? 130 : 1;
  };
}

/**
 * The processes left as they were because their hosts could not be reached, one line per host with
 * the connection's words (a host may fail differently from one attempt to the next: each is kept).
 */
function unreachedLines(notReached: readonly NotReached[], past: string): string {
  if (notReached.length === 0) return '';
  const byHost = new Map<string, { nodes: Set<string>; reasons: Set<string> }>();
  for (const { node, host, reason } of notReached) {
    const entry = byHost.get(host) ?? { nodes: new Set<string>(), reasons: new Set<string>() };
    byHost.set(host, { nodes: entry.nodes.add(node), reasons: entry.reasons.add(reason) });
  }
  const count = new Set(notReached.map((n) => n.node)).size;
  return [
    `  ${count} not ${past}, their hosts could not be reached:`,
    ...[...byHost.values()].map(
      ({ nodes, reasons }) => `    ${[...nodes].join(', ')}: ${[...reasons].join('; ')}`,
    ),
    `  once they can be reached, run the same command again: it leaves what is ${past} alone\n`,
  ].join('\n');
}
