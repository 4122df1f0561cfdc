import type { AutoFix } from '../checks/finding.js';
import type { Executor } from '../deploy/executor.js';
import { quote } from '../remote/shell.js';

/** The exact command a fix runs on its host, as shown to the user before it runs. */
export function fixCommand(fix: AutoFix): string {
  // -n: never prompt. A fix is offered with sudo only where sudo needs no password (the probe
  // checked), so no password is ever asked for, typed or sent.
  return fix.sudo ? `sudo -n sh -c ${quote(fix.script)}` : fix.script;
}

export type FixOutcome = { readonly fix: AutoFix; readonly ok: boolean; readonly message: string };

/** Runs the fixes the user agreed to, each host's in order, hosts at once. */
export async function applyFixes(
  fixes: readonly AutoFix[],
  executors: ReadonlyMap<string, Executor>,
): Promise<FixOutcome[]> {
  const byHost = new Map<string, AutoFix[]>();
  for (const fix of fixes) byHost.set(fix.host, [...(byHost.get(fix.host) ?? []), fix]);
  const outcomes = await Promise.all(
    [...byHost].map(async ([host, list]) => {
      const results: FixOutcome[] = [];
      for (const fix of list) {
        const executor = executors.get(host);
        if (!executor) continue;
        try {
          const result = await executor.exec(fixCommand(fix), { timeoutMs: 60_000 });
          results.push({
            fix,
            ok: result.code === 0,
            message: result.code === 0 ? 'done' : result.stderr.trim() || `exit ${result.code}`,
          });
        } catch (error) {
          results.push({ fix, ok: false, message: (error as Error).message });
        }
      }
      return results;
    }),
  );
  return outcomes.flat();
}
