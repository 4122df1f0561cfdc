import { plural } from '../model/plural.js';
import { runOperation } from '../app/run-operation.js';
import { adminPasswordOption, commandAdminLogin } from './admin-login-option.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { deployedGate } from './deployed-gate.js';
import { readDeployed, type DeployedState } from '../app/deployed-state.js';
import { preflightGate, type Gate } from './preflight-gate.js';
import type { CommandEnv } from './command-env.js';
import { paint } from './output.js';
import { parseFormat, parseInteger, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { progressPrinter } from './progress-lines.js';
import { UsageError } from './usage-error.js';
import { planForHosts } from '../app/upgrade-plan.js';
import { describeStep } from '../deploy/tasks.js';
import { formatPlan } from '../plan/format-plan.js';
import type { UpgradeFrom } from '../plan/upgrade-from.js';
import type { Change } from '../plan/difference/change.js';
import type { Planned } from './plan-from-file.js';
import { upgradeQuestion, upgradeSummary } from './upgrade-summary.js';
import { changeQuestion } from './difference-lines.js';

/**
 * `deploy -f FILE [--yes] [--format json]`: runs the plan on the hosts. Every step checks the host's
 * real state first, so running it again after a failure or an interruption continues where it
 * stopped, and running it on a healthy deployment changes nothing.
 */
export async function runDeploy(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions('deploy', deployOptions, argv);
  const format = parseFormat(values.format, 'deploy');
  const planned = planFromFile(values.file, env, format, 'deploy');
  if (typeof planned === 'number') return planned;
  return deployPlanned(planned, values, env, format, { verb: 'deploy', dryRun: false });
}

/** The options of deploy, which upgrade shares. */
export const deployOptions = {
  file: { type: 'string', short: 'f' },
  format: { type: 'string' },
  concurrency: { type: 'string' },
  'start-timeout': { type: 'string' },
  'allow-downgrade': { type: 'boolean' },
  ...hostAccessOptions,
  ...adminPasswordOption,
} as const;

type DeployValues = {
  readonly file?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly 'start-timeout'?: string | undefined;
  readonly 'allow-downgrade'?: boolean | undefined;
  readonly yes?: boolean | undefined;
  readonly 'admin-password-stdin'?: boolean | undefined;
} & Parameters<typeof hostAccess>[1];

/**
 * Deploys a planned topology: reads what the hosts run first, and when it is another version, runs
 * the upgrade to the topology's version instead (rolling or stop-all, said before it starts).
 * `dryRun` (upgrade --dry-run) prints the plan it would run and changes nothing.
 */
export async function deployPlanned(
  planned: Planned,
  values: DeployValues,
  env: CommandEnv,
  format: 'text' | 'json',
  options: { readonly verb: string; readonly dryRun: boolean },
): Promise<number> {
  const concurrency = parseInteger(values.concurrency, '--concurrency');
  if (concurrency === 0) throw new UsageError('--concurrency must be at least 1');
  const startTimeout = parseInteger(values['start-timeout'], '--start-timeout');
  const { topology } = planned;
  const admin = commandAdminLogin(values['admin-password-stdin'], values.file, env);
  const yes = values.yes === true || options.dryRun;
  const confirm = env.confirm;
  if (!yes && !confirm)
    throw new UsageError(
      `${options.verb} changes servers and there is no terminal to confirm on: add --yes (see \`ddb-setup plan\` first)`,
    );
  const print = format === 'json' ? undefined : progressPrinter(env.output);
  let findings: Gate['findings'] = [];
  let upgrade: UpgradeFrom | undefined;
  let change: readonly Change[] | undefined;
  let deployed: Promise<DeployedState> | undefined;
  const result = await runOperation({
    topology,
    topologyFile: planned.file,
    plan: planned.plan,
    command: options.verb,
    now: env.now,
    connect: (journal) => hostAccess(topology, values, env, journal),
    async replan(executors, access) {
      // What is deployed is read while the running version is: both only read, and deploy's
      // first question (deployedGate) waits on it after the version decided the plan.
      deployed = readDeployed(
        topology,
        executors,
        env.signal ?? new AbortController().signal,
        values.file ?? '-',
      );
      deployed.catch(() => undefined);
      const chosen = await planForHosts(
        { topology, files: planned.files, baseDir: planned.baseDir, deployPlan: planned.plan },
        executors,
        access,
        {
          allowDowngrade: values['allow-downgrade'] === true,
          signal: env.signal ?? new AbortController().signal,
          deployed,
        },
      );
      if ('refused' in chosen) {
        env.output.err(
          `${paint(env.output, 'red', '✗')} ${chosen.refused.message}; nothing changed\n  fix: ${chosen.refused.fix}\n`,
        );
        return undefined;
      }
      upgrade = chosen.upgrade;
      change = chosen.change;
      if (upgrade && format === 'text') env.output.err(upgradeSummary(topology, upgrade));
      return chosen.plan;
    },
    async beforeRun(executors, plan) {
      if (options.dryRun) {
        env.output.out(
          format === 'json'
            ? `${JSON.stringify({ upgrade: upgrade ?? null, plan }, null, 2)}\n`
            : formatPlan(plan, describeStep),
        );
        return false;
      }
      // What is deployed first: a change deploy cannot apply, or drift, stops it before the checks.
      const reading =
        deployed ??
        readDeployed(topology, executors, env.signal ?? new AbortController().signal, values.file ?? '-');
      if (!(await deployedGate(topology, values.file ?? '-', reading, env, upgrade !== undefined)))
        return false;
      const gate = await preflightGate({ ...planned, plan }, executors, env, format);
      findings = gate.findings;
      if (gate.refused) return false;
      if (yes || !confirm) return true;
      const warned = gate.warnings > 0 ? ` (${plural(gate.warnings, 'warning')} above)` : '';
      const question = upgrade
        ? `${upgradeQuestion(topology, upgrade)}${warned}?`
        : change
          ? `${changeQuestion(topology, change)}${warned}?`
          : `Deploy cluster ${topology.name} (${topology.mode}, DolphinDB ${topology.server.version}) to ${plural(plan.hosts.length, 'host')}: ${plan.hosts.join(', ')}${warned}?`;
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
  if (result.refused) return options.dryRun ? 0 : 1;
  const report = result;
  if (format === 'json') {
    env.output.out(
      `${JSON.stringify({ ok: report.ok, aborted: report.aborted, upgrade: upgrade ?? null, changes: change ?? null, check: findings, steps: report.steps, journal: report.journal }, null, 2)}\n`,
    );
  } else if (report.ok) {
    const changed = report.steps.filter((step) => step.state === 'done' && step.id !== 'verify').length;
    const what = upgrade
      ? `upgraded from ${upgrade.from} to ${topology.server.version} and verified`
      : change
        ? `changed (${plural(change.length, 'change')}) and verified`
        : 'deployed and verified';
    env.output.out(
      `${paint(env.output, 'green', '✓')} cluster ${topology.name} is ${what}` +
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
