import { readDeployed, type DeployedState } from '../app/deployed-state.js';
import { closeAll } from '../app/node-access.js';
import { describeStep } from '../deploy/tasks.js';
import { differenceOf, type Change } from '../plan/difference/difference.js';
import { formatPlan } from '../plan/format-plan.js';
import type { CommandEnv } from './command-env.js';
import { differenceLines, unreadNote } from './difference-lines.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';

/**
 * `plan -f FILE [--format json] [--offline]`: the deployment's steps and commands, after the
 * difference against what the hosts say is deployed (their applied topology, their cluster.nodes).
 * Reads the hosts and changes nothing; a host that cannot be reached is named, never fatal, and
 * `--offline` contacts nothing at all.
 */
export async function runPlan(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'plan',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      offline: { type: 'boolean' },
      ...hostAccessOptions,
    },
    argv,
  );
  const format = parseFormat(values.format, 'plan');
  const planned = planFromFile(values.file, env, format, 'plan');
  if (typeof planned === 'number') return planned;
  const { plan, topology } = planned;
  let deployed: DeployedState | undefined;
  if (values.offline !== true) {
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
    env.output.out(difference + formatPlan(plan, describeStep));
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
