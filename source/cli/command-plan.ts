import { describeStep } from '../deploy/tasks.js';
import { formatPlan } from '../plan/format-plan.js';
import type { Operation } from '../plan/mode-planner.js';
import type { CommandEnv } from './command-env.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile, type Planned } from './plan-from-file.js';
import { deriveTopology } from '../model/derive.js';
import { parseVersion } from '../model/version.js';
import type { Plan } from '../plan/plan.js';
import { planUpgrade } from '../plan/planners.js';
import { decideUpgrade } from '../plan/upgrade-decision.js';
import { paint } from './output.js';
import { upgradeSummary } from './upgrade-summary.js';
import { UsageError } from './usage-error.js';

const operations: readonly Operation[] = ['deploy', 'start', 'stop', 'destroy'];

/**
 * `plan -f FILE [--operation OP] [--data] [--format json]`: an operation's steps and commands
 * (deploy unless named); contacts nothing.
 */
export function runPlan(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions(
    'plan',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      from: { type: 'string' },
      'allow-downgrade': { type: 'boolean' },
      operation: { type: 'string' },
      data: { type: 'boolean' },
    },
    argv,
  );
  const format = parseFormat(values.format, 'plan');
  const operation = (values.operation ?? 'deploy') as Operation;
  if (!operations.includes(operation))
    throw new UsageError(
      `--operation ${values.operation ?? ''} is not known: use ${operations.join(', ')} (see \`ddb-setup plan --help\`)`,
    );
  if (values.data && operation !== 'destroy')
    throw new UsageError('--data goes with --operation destroy (it deletes the data directories too)');
  const planned = planFromFile(values.file, env, format, 'plan', operation, { data: values.data === true });
  if (typeof planned === 'number') return planned;
  const plan = values.from === undefined ? planned.plan : upgradeFrom(planned, values.from, values, env);
  if (typeof plan === 'number') return plan;
  // Each step with what it runs last, as the JSON has always shown it.
  const described = {
    ...plan,
    steps: plan.steps.map((step) => ({ ...step, commands: describeStep(step.action) })),
  };
  env.output.out(
    format === 'json'
      ? `${JSON.stringify({ plan: described }, null, 2)}\n`
      : formatPlan(plan, describeStep, operation),
  );
  return 0;
}

/**
 * `plan --from VERSION`: the upgrade deploy would run if every host ran VERSION (deploy reads it on
 * the hosts; plan contacts nothing), or the refusal deploy would give.
 */
function upgradeFrom(
  planned: Planned,
  from: string,
  values: { readonly 'allow-downgrade'?: boolean | undefined },
  env: CommandEnv,
): Plan | number {
  const version = from.replace(/^[vV]/, '');
  if (!parseVersion(version))
    throw new UsageError(`--from ${from} is not a DolphinDB version: write it as 2.00.11.3`);
  const { topology } = planned;
  const decision = decideUpgrade(
    deriveTopology(topology),
    { nodes: topology.nodes.map((n) => ({ host: n.host, alias: n.alias, version })), switched: [] },
    { allowDowngrade: values['allow-downgrade'] === true, packageName: planned.plan.packageSource?.fileName },
  );
  if (decision.kind === 'deploy') return planned.plan;
  if (decision.kind === 'refused') {
    env.output.err(`${paint(env.output, 'red', '✗')} ${decision.message}\n  fix: ${decision.fix}\n`);
    return 1;
  }
  const plan = planUpgrade(topology, planned.files, planned.baseDir, decision.upgrade);
  if (!plan)
    throw new UsageError(`--from: mode ${topology.mode} has no upgrade plan (its server comes in an image)`);
  env.output.err(upgradeSummary(topology, decision.upgrade));
  return plan;
}
