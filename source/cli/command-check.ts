import { applyFixes, fixCommand } from '../app/apply-fixes.js';
import { acquireClusterLock, type ClusterLease } from '../app/cluster-lock.js';
import type { Executor } from '../deploy/executor.js';
import { Journal } from '../store/journal.js';
import { knownUnreachable } from '../app/known-unreachable.js';
import { closeAll } from '../app/node-access.js';
import type { CheckFinding } from '../checks/finding.js';
import { countFindings, findingsJson, formatFindings } from './check-output.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { checkTopology } from './preflight-gate.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { topologyFromFile } from './plan-from-file.js';

/**
 * `check -f FILE [--format json] [--all] [--fix] [--yes]`: the pre-flight gate on its own. Reads
 * every host, changes nothing; `--fix` offers the fixes it knows (shown first, run only after a yes).
 */
export async function runCheck(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'check',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      all: { type: 'boolean' },
      fix: { type: 'boolean' },
      ...hostAccessOptions,
    },
    argv,
  );
  const format = parseFormat(values.format, 'check');
  const planned = topologyFromFile(values.file, env, format, 'check');
  if (typeof planned === 'number') return planned;
  const yes = values.yes === true;
  const journal = new Journal(planned.topology, 'check', planned.file, env.now());
  let executors: Map<string, Executor> | undefined;
  let lease: ClusterLease | undefined;
  try {
    // A host that is off or cut off is named within 3 s of trying to connect, not after a slow
    // login's allowance (the SSH greeting still has its 10 s).
    executors = await hostAccess(planned.topology, values, env, journal, { connectTimeoutMs: 3_000 });
    // Each host tried once up front: one that cannot be reached then costs no further wait.
    const open = (await knownUnreachable(executors, env.signal)).executors;
    // A check while another run deploys would see that run's listeners and files as conflicts.
    lease = await acquireClusterLock(planned.topology, open, 'check', env.now());
    const check = () => checkTopology(planned, open, env);
    let findings = await check();
    if (values.fix && format === 'text') {
      const fixes = findings.flatMap((f) => (f.autoFix && f.level !== 'ok' ? [f.autoFix] : []));
      if (
        fixes.length > 0 &&
        (await consent(
          env,
          fixes.map((fix) => `  on ${fix.host}: ${fixCommand(fix)}`),
          yes,
        ))
      ) {
        for (const outcome of await applyFixes(fixes, open))
          env.output.err(
            `${outcome.ok ? paint(env.output, 'green', '✓') : paint(env.output, 'red', '✗')} ${outcome.fix.host}: ${outcome.message}\n`,
          );
        findings = await check();
      } else if (fixes.length === 0)
        env.output.err('no finding has a fix ddb-setup can apply; the fixes below are yours to run\n');
    }
    await journal.finish({ ok: !findings.some((f) => f.level === 'error') }, env.now());
    return report(env, findings, format, values.all === true);
  } finally {
    await journal.finish({ ok: false }, env.now());
    await lease?.release();
    if (executors) await closeAll(executors);
  }
}

async function consent(env: CommandEnv, lines: readonly string[], yes: boolean): Promise<boolean> {
  env.output.err(`ddb-setup can fix these findings by running, exactly:\n${lines.join('\n')}\n`);
  if (yes) return true;
  if (!env.confirm) {
    env.output.err('no terminal to confirm on: add --yes to run them\n');
    return false;
  }
  return env.confirm('Run these commands?');
}

function report(
  env: CommandEnv,
  findings: readonly CheckFinding[],
  format: 'text' | 'json',
  all: boolean,
): number {
  const errors = findings.some((f) => f.level === 'error');
  if (format === 'json') env.output.out(findingsJson(findings));
  else {
    env.output.out(formatFindings(env.output, findings, all));
    env.output.out(
      `${errors ? paint(env.output, 'red', '✗') : paint(env.output, 'green', '✓')} ${countFindings(findings)}` +
        `${errors ? ': deploy refuses until the errors are fixed' : ''}${all ? '' : ' (--all lists what passed)'}\n`,
    );
  }
  return errors ? 1 : 0;
}
