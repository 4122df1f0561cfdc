import { expiryWarning } from '../app/licence-expiry.js';
import type { StatusRound, SwarmView } from '../app/status-json.js';
import type { Topology } from '../model/topology.js';
import { plural } from '../model/plural.js';
import { paint, type Output } from './output.js';

export { statusJson, type StatusRound, type SwarmView } from '../app/status-json.js';

/** Exit codes of `status`: every node up; some seen down (all known); some node's state unknown. */
export const statusExit = { allUp: 0, someDown: 1, someUnknown: 3 } as const;

/** The exit code a round stands for (statusExit). */
export function statusCode({ status }: StatusRound): number {
  if (status.nodes.some((node) => node.state === 'unknown')) return statusExit.someUnknown;
  return status.nodes.every((node) => node.state === 'up') ? statusExit.allUp : statusExit.someDown;
}

/**
 * The text of `status`: a summary line, the table of nodes (state coloured), unreachable hosts with
 * their fix, the swarm's members and the default-password warning. `file` is the topology file as
 * typed, for the fix that names it.
 */
export function statusText(
  output: Output,
  topology: Topology,
  { status, swarm }: StatusRound,
  file: string | undefined,
): string {
  const up = status.nodes.filter((node) => node.state === 'up').length;
  const namedBy = status.leaderNamedBy.filter((alias) => alias !== status.leader);
  const leaderText =
    topology.mode === 'single'
      ? ''
      : status.leader
        ? `, leader ${status.leader}${status.leaderNote ? ` (named by ${namedBy.join(', ')}; ${status.leaderNote})` : ''}`
        : ', no leader';
  const unknown = status.nodes.filter((node) => node.state === 'unknown').length;
  let text = `cluster ${topology.name} (${topology.mode}, DolphinDB ${topology.server.version}): ${up} of ${plural(status.nodes.length, 'node')} up${unknown > 0 ? `, ${unknown} unknown` : ''}${leaderText}\n`;
  const header = ['HOST', 'ALIAS', 'MODE', 'STATE', 'LEADER', 'WHY'];
  const rows = status.nodes.map((node) => [
    node.host,
    node.alias,
    node.mode,
    node.state,
    node.leader ? 'leader' : '',
    // A host's reason is printed once below the table, not on each of its nodes.
    node.source === 'host' ? 'host not reached (below)' : (node.reason ?? ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  text += `${paint(output, 'bold', line(header))}\n`;
  for (const row of rows) {
    const colour = row[3] === 'up' ? 'green' : row[3] === 'down' ? 'red' : 'yellow';
    text += `${line(row).replace(/\b(up|down|unknown)\b/, (s) => paint(output, colour, s))}\n`;
  }
  for (const { host, reason, fix } of status.unreachable)
    text += `${paint(output, 'red', '✗')} ${host} cannot be reached: ${reason}\n${fix ? `  fix: ${fix}\n` : ''}`;
  if (swarm) text += swarmLines(output, swarm);
  const expiring = expiryWarning(status.nodes);
  if (expiring) text += `${paint(output, 'yellow', '!')} ${expiring}\n`;
  if (status.defaultAdminPassword)
    text +=
      `${paint(output, 'yellow', '!')} admin/123456 (DolphinDB's default) still logs in: anyone who reaches the cluster is its administrator.\n` +
      `  Change it: ddb-setup admin-password -f ${/\s/.test(file ?? '') ? JSON.stringify(file) : file}\n`;
  return text;
}

/** The swarm's hosts under the nodes: `swarm: P1 ready active leader, P2 ready active worker…`. */
function swarmLines(output: Output, swarm: SwarmView): string {
  if ('problem' in swarm) return `${paint(output, 'yellow', '!')} swarm: ${swarm.problem}\n`;
  const members = swarm.members.map((member) => {
    const text = `${member.host} ${member.state} ${member.availability} ${member.manager}`;
    const healthy = member.state === 'ready' && member.availability === 'active';
    return healthy ? text : paint(output, 'red', text);
  });
  return `swarm: ${members.join(', ')}\n`;
}
