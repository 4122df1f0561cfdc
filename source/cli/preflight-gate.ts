import { runPreflight } from '../app/run-check.js';
import type { CheckFinding } from '../checks/finding.js';
import type { Executor } from '../deploy/executor.js';
import { countFindings, formatFindings } from './check-output.js';
import type { CommandEnv } from './command-env.js';
import { paint } from './output.js';
import type { Checked, Planned } from './plan-from-file.js';
import { plannerOf } from '../plan/planners.js';

/**
 * `ddb-setup check` of a topology read from its file, on open connections: the same for the check
 * command and the deploy gate. The mode's planner says what package the hosts receive (none where
 * an image brings the server).
 */
export function checkTopology(
  checked: Checked,
  executors: ReadonlyMap<string, Executor>,
  env: CommandEnv,
): Promise<CheckFinding[]> {
  return runPreflight({
    topology: checked.topology,
    packageSource: plannerOf(checked.topology.mode).packageSource(checked.topology, checked.baseDir),
    baseDir: checked.baseDir,
    executors,
    ...(env.signal ? { signal: env.signal } : {}),
    today: env.now(),
  });
}

export type Gate = {
  readonly refused: boolean;
  readonly warnings: number;
  readonly findings: readonly CheckFinding[];
};

/**
 * The check before a deployment: its errors and warnings are printed (to stderr, so `--format json`
 * keeps stdout for the report), and any error refuses the deployment before a host is changed.
 */
export async function preflightGate(
  planned: Planned,
  executors: ReadonlyMap<string, Executor>,
  env: CommandEnv,
  format: 'text' | 'json',
): Promise<Gate> {
  const findings = await checkTopology(planned, executors, env);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  env.output.err(formatFindings(env.output, findings, false));
  if (errors > 0) {
    if (format === 'json')
      env.output.out(`${JSON.stringify({ ok: false, refused: 'check', findings }, null, 2)}\n`);
    env.output.err(
      `${paint(env.output, 'red', '✗')} pre-flight check: ${countFindings(findings)}; nothing was changed. Fix the errors, then run deploy again (\`ddb-setup check\` re-checks alone).\n`,
    );
  } else env.output.err(`${paint(env.output, 'green', '✓')} pre-flight check: ${countFindings(findings)}\n`);
  return { refused: errors > 0, warnings, findings };
}
