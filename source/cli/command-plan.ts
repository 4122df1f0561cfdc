import { readDeployed, type DeployedState } from '../app/deployed-state.js';
import { closeAll } from '../app/node-access.js';
import { describeStep } from '../deploy/tasks.js';
import { differenceOf, type Change } from '../plan/difference/difference.js';
import { changePlanFor } from '../app/upgrade-plan.js';
import { formatPlan } from '../plan/format-plan.js';
import type { Operation } from '../plan/mode-planner.js';
import type { CommandEnv } from './command-env.js';
import { differenceLines, unreadNote } from './difference-lines.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
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
 * `plan -f FILE [--operation OP] [--data] [--format json] [--offline]`: an operation's steps and
 * commands (deploy unless named); for deploy, after the difference against what the hosts say is
 * deployed (their applied topology, their cluster.nodes). Reads the hosts and changes nothing; a
 * host that cannot be reached is named, never fatal, and `--offline` contacts nothing at all.
 */
export async function runPlan(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'plan',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      offline: { type: 'boolean' },
      from: { type: 'string' },
      'allow-downgrade': { type: 'boolean' },
      operation: { type: 'string' },
      data: { type: 'boolean' },
      ...hostAccessOptions,
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
  const { topology } = planned;
  const chosen = values.from === undefined ? planned.plan : upgradeFrom(planned, values.from, values, env);
  if (typeof chosen === 'number') return chosen;
  let plan = chosen;
  let deployed: DeployedState | undefined;
  if (values.offline !== true && operation === 'deploy') {
    // A short SSH time limit, as status: plan answers within seconds with a host down. A host key
    // never seen is not asked about (plan only reads): that host is named as not read, with the fix.
    const { confirm: _notAsked, ...quiet } = env;
    const executors = await hostAccess(topology, values, quiet, undefined, { timeoutMs: 3_000 });
    try {
      deployed = await readDeployed(
        topology,
        executors,
        env.signal ?? new AbortController().signal,
        values.file ?? '-',
      );
    } finally {
      await closeAll(executors);
    }
  }
  const changes: Change[] = deployed?.state === 'deployed' ? differenceOf(deployed.applied, topology) : [];
  // What deploy would run on what is deployed: the change plan, when the difference takes one.
  const shown =
    deployed && values.from === undefined
      ? changePlanFor({ ...planned, deployPlan: plan }, deployed)
      : { plan };
  plan = shown.plan;
  if (deployed) env.output.err(unreadNote(env, deployed));
  if (format === 'json') {
    // Each step with what it runs last, as the JSON has always shown it.
    const described = {
      ...plan,
      steps: plan.steps.map((step) => ({ ...step, commands: describeStep(step.action) })),
    };
    const json = {
      plan: described,
      deployed: deployedJson(deployed),
      changes,
      drift: deployed?.state === 'deployed' ? deployed.drift : [],
    };
    env.output.out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const difference = deployed?.state === 'deployed' ? differenceLines(env, deployed, changes) : '';
    env.output.out(difference + formatPlan(plan, describeStep, operation));
  }
  return 0;
}

/** Whether and where the deployed topology was read, for scripts. */
function deployedJson(deployed: DeployedState | undefined) {
  if (!deployed) return { state: 'not-read', readFrom: [], notRead: [] };
  return {
    state: deployed.state,
    readFrom: deployed.state === 'unknown' ? [] : deployed.readFrom,
    notRead: deployed.notRead,
    ...(deployed.state === 'deployed' ? { disagreements: deployed.disagreements } : {}),
  };
}

/**
 * `plan --from VERSION`: the upgrade deploy would run if every host ran VERSION (deploy reads it on
 * the hosts), or the refusal deploy would give.
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
