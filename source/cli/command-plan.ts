import { describeStep } from '../deploy/tasks.js';
import { formatPlan } from '../plan/format-plan.js';
import type { Operation } from '../plan/mode-planner.js';
import { UsageError } from './usage-error.js';
import type { CommandEnv } from './command-env.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';

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
  const { plan } = planned;
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
