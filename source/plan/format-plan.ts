import { plural } from '../model/plural.js';
import type { Operation } from './mode-planner.js';
import type { Plan, StepAction } from './plan.js';

/**
 * The plan as `ddb-setup plan` prints it: every step, what it waits for, and what it runs, in the
 * words of `describe` (each step kind's own, deploy/tasks.ts).
 */
export function formatPlan(
  plan: Plan,
  describe: (action: StepAction) => readonly string[],
  operation: Operation = 'deploy',
): string {
  const lines = [
    `Plan: cluster ${plan.cluster} (mode ${plan.mode}, DolphinDB ${plan.version}) on ${plural(plan.hosts.length, 'host')}: ${plan.hosts.join(', ')}`,
    `${plural(plan.steps.length, 'step')}. Nothing has been changed; \`ddb-setup ${operation}\` carries them out.`,
    '',
  ];
  plan.steps.forEach((step, index) => {
    const where = step.host ?? 'cluster';
    lines.push(`${String(index + 1).padStart(2)}. [${step.phase}] ${where}: ${step.title}  (${step.id})`);
    if (step.after.length > 0) lines.push(`    after: ${step.after.join(', ')}`);
    for (const text of describe(step.action)) {
      const [first, ...rest] = text.split('\n');
      lines.push(`    $ ${first}`, ...rest.map((line) => `      ${line}`));
    }
  });
  return `${lines.join('\n')}\n`;
}
