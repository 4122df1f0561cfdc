import { describeStep } from '../deploy/tasks.js';
import { formatPlan } from '../plan/format-plan.js';
import type { CommandEnv } from './command-env.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';

/** `plan -f FILE [--format json]`: the deployment's steps and commands; contacts nothing. */
export function runPlan(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions(
    'plan',
    { file: { type: 'string', short: 'f' }, format: { type: 'string' } },
    argv,
  );
  const format = parseFormat(values.format, 'plan');
  const planned = planFromFile(values.file, env, format, 'plan');
  if (typeof planned === 'number') return planned;
  const { plan } = planned;
  // Each step with what it runs last, as the JSON has always shown it.
  const described = {
    ...plan,
    steps: plan.steps.map((step) => ({ ...step, commands: describeStep(step.action) })),
  };
  env.output.out(
    format === 'json' ? `${JSON.stringify({ plan: described }, null, 2)}\n` : formatPlan(plan, describeStep),
  );
  return 0;
}
