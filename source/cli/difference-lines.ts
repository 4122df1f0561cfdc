import type { DeployedState } from '../app/deployed-state.js';
import { costliest, type Change } from '../plan/difference/change.js';
import type { CommandEnv } from './command-env.js';
import { plural } from '../model/plural.js';
import type { Topology } from '../model/topology.js';
import { paint } from './output.js';

/**
 * The difference against what is deployed as `plan` prints it before the steps: each change with
 * how and what it costs, then the drift. Empty when nothing is deployed.
 */
export function differenceLines(
  env: CommandEnv,
  state: Extract<DeployedState, { state: 'deployed' }>,
  changes: readonly Change[],
): string {
  const lines: string[] = [];
  const from = `read from ${state.readFrom.join(', ')}`;
  if (changes.length === 0) lines.push(`No changes against what is deployed (${from}).`);
  else {
    lines.push(`Changes against what is deployed (${from}):`);
    for (const change of changes) lines.push(...changeLines(env, change));
  }
  for (const text of state.disagreements) lines.push(`${paint(env.output, 'yellow', '!')} ${text}`);
  if (state.drift.length > 0) {
    lines.push('', 'Changed on the servers outside ddb-setup (drift):');
    for (const drift of state.drift)
      lines.push(`  ${paint(env.output, 'yellow', '!')} ${drift.what}`, `      fix: ${drift.fix}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** One change: what, how, cost, and whether deploy applies it today. */
export function changeLines(env: CommandEnv, change: Change): string[] {
  return [
    `  ${change.deployApplies ? '~' : paint(env.output, 'yellow', '~')} ${change.what}${change.deployApplies ? '' : '  [deploy does not apply this]'}`,
    `      how:  ${change.how}`,
    `      cost: ${change.cost}`,
  ];
}

/** Why the difference could not be read (stderr): the plan is still printed. */
export function unreadNote(env: CommandEnv, state: DeployedState): string {
  if (state.state === 'deployed' || state.state === 'not-deployed') {
    return state.notRead
      .map(
        (host) =>
          `${paint(env.output, 'yellow', '!')} not read: ${named(host)}${host.fix ? `\n  fix: ${host.fix}` : ''}\n`,
      )
      .join('');
  }
  const hosts = state.notRead.map(named).join('; ');
  return `${paint(env.output, 'yellow', '!')} what is deployed could not be read, so no difference is shown: ${hosts}. --offline skips reading the hosts.\n`;
}

/** The connection's words name the host already (`P1 (root@10.0.0.80:22): …`); others get it added. */
function named(host: { readonly host: string; readonly reason: string }): string {
  return host.reason.startsWith(`${host.host} `) ? host.reason : `${host.host}: ${host.reason}`;
}

/**
 * The confirmation of a change of a running cluster: how many changes and the costliest thing they
 * do (the whole cluster stopped, processes restarted, or nothing running stopped).
 */
export function changeQuestion(topology: Topology, changes: readonly Change[]): string {
  return `Apply ${plural(changes.length, 'change')} to the running cluster ${topology.name} (${costliest(changes)})`;
}
