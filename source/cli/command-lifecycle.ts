import { Journal } from '../app/journal.js';
import { runDeployment } from '../app/run-deployment.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { adminPasswordOption, commandAdminLogin } from './admin-login-option.js';
import { startPlan, stopPlan } from '../plan/lifecycle-plans.js';
import type { CommandEnv } from './command-env.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { progressPrinter } from './progress-lines.js';
import { UsageError } from './usage-error.js';

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
    const planned = planFromFile(values.file, env, format, verb);
    if (typeof planned === 'number') return planned;
    const admin = commandAdminLogin(values['admin-password-stdin'], values.file, env);
    const { topology } = planned;
    if (values.node !== undefined && !topology.nodes.some((node) => node.alias === values.node))
      throw new UsageError(
        `--node ${values.node}: no node has that alias; the aliases are ${topology.nodes.map((n) => n.alias).join(', ')}`,
      );
    const plan =
      verb === 'start' ? startPlan(planned.plan, values.node) : stopPlan(topology, planned.plan, values.node);
    const print = format === 'json' ? undefined : progressPrinter(env.output);
    const command = values.node ? `${verb} --node ${values.node}` : verb;
    const journal = new Journal(topology.name, command, planned.file, env.now());
    const executors = await hostAccess(topology, values, env, journal);
    const report = await runDeployment({
      topology,
      topologyFile: planned.file,
      plan,
      command,
      executors,
      journal,
      admin,
      ...(print ? { onEvent: print } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
      now: env.now,
    });
    if (format === 'json')
      env.output.out(`${JSON.stringify({ ok: report.ok, steps: report.steps }, null, 2)}\n`);
    else if (report.ok)
      env.output.out(`${paint(env.output, 'green', '✓')} ${verb === 'start' ? 'started' : 'stopped'}\n`);
    else
      env.output.err(
        `${paint(env.output, 'red', '✗')} ${verb} did not complete (journal: ${report.journal})\n`,
      );
    return report.ok ? 0 : report.aborted ? 130 : 1;
  };
}
