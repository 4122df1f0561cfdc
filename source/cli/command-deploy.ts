import { plural } from '../model/plural.js';
import { runOperation } from '../app/run-operation.js';
import { adminPasswordOption, commandAdminLogin } from './admin-login-option.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { deployedGate } from './deployed-gate.js';
import { preflightGate, type Gate } from './preflight-gate.js';
import type { CommandEnv } from './command-env.js';
import { paint } from './output.js';
import { parseFormat, parseInteger, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { progressPrinter } from './progress-lines.js';
import { UsageError } from './usage-error.js';

/**
 * `deploy -f FILE [--yes] [--format json]`: runs the plan on the hosts. Every step checks the host's
 * real state first, so running it again after a failure or an interruption continues where it
 * stopped, and running it on a healthy deployment changes nothing.
 */
export async function runDeploy(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'deploy',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      concurrency: { type: 'string' },
      'start-timeout': { type: 'string' },
      ...hostAccessOptions,
      ...adminPasswordOption,
    },
    argv,
  );
  const format = parseFormat(values.format, 'deploy');
  const concurrency = parseInteger(values.concurrency, '--concurrency');
  if (concurrency === 0) throw new UsageError('--concurrency must be at least 1');
  const startTimeout = parseInteger(values['start-timeout'], '--start-timeout');
  const planned = planFromFile(values.file, env, format, 'deploy');
  if (typeof planned === 'number') return planned;
  const { topology, plan } = planned;
  const admin = commandAdminLogin(values['admin-password-stdin'], values.file, env);
  const yes = values.yes === true;
  const confirm = env.confirm;
  if (!yes && !confirm)
    throw new UsageError(
      'deploy changes servers and there is no terminal to confirm on: add --yes (see `ddb-setup plan` first)',
    );
  const print = format === 'json' ? undefined : progressPrinter(env.output);
  let findings: Gate['findings'] = [];
  const result = await runOperation({
    topology,
    topologyFile: planned.file,
    plan,
    command: 'deploy',
    now: env.now,
    connect: (journal) => hostAccess(topology, values, env, journal),
    async beforeRun(executors) {
      // What is deployed first: a change deploy cannot apply, or drift, stops it before the checks.
      if (!(await deployedGate(topology, values.file ?? '-', executors, env))) return false;
      const gate = await preflightGate(planned, executors, env, format);
      findings = gate.findings;
      if (gate.refused) return false;
      if (yes || !confirm) return true;
      const warned = gate.warnings > 0 ? ` (${plural(gate.warnings, 'warning')} above)` : '';
      const question = `Deploy cluster ${topology.name} (${topology.mode}, DolphinDB ${topology.server.version}) to ${plural(plan.hosts.length, 'host')}: ${plan.hosts.join(', ')}${warned}?`;
      if (await confirm(question)) return true;
      env.output.err('nothing changed\n');
      return false;
    },
    admin,
    ...(print ? { onEvent: print } : {}),
    onNotice: (text) => env.output.err(`${paint(env.output, 'yellow', '!')} ${text}\n`),
    ...(env.signal ? { signal: env.signal } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(startTimeout !== undefined ? { startTimeoutMs: startTimeout * 1000 } : {}),
  });
  if (result.refused) return 1;
  const report = result;
  if (format === 'json') {
    env.output.out(
      `${JSON.stringify({ ok: report.ok, aborted: report.aborted, check: findings, steps: report.steps, journal: report.journal }, null, 2)}\n`,
    );
  } else if (report.ok) {
    const changed = report.steps.filter((step) => step.state === 'done' && step.id !== 'verify').length;
    env.output.out(
      `${paint(env.output, 'green', '✓')} cluster ${topology.name} is deployed and verified` +
        `${changed === 0 ? ' (nothing needed changing)' : ''}. \`ddb-setup status -f ${values.file}\` shows it.\n`,
    );
  } else {
    const failed = report.steps.filter((step) => step.state === 'failed').length;
    env.output.err(
      `${paint(env.output, 'red', '✗')} ${report.aborted ? 'aborted' : `${failed} step(s) failed`}; nothing ddb-setup did is undone. ` +
        `Fix the cause and run the same command again: it continues where it stopped.\n  journal: ${report.journal}\n`,
    );
  }
  return report.ok ? 0 : report.aborted ? 130 : 1;
}
