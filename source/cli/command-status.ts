import { plural } from '../model/plural.js';
import { clusterStatus } from '../app/cluster-status.js';
import { expiryWarning } from '../app/licence-expiry.js';
import { closeAll, nodeAccess } from '../app/node-access.js';
import { swarmMembership } from '../app/swarm-membership.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';

/** Exit codes of `status`: every node up; some seen down (all known); some node's state unknown. */
export const statusExit = { allUp: 0, someDown: 1, someUnknown: 3 } as const;

/**
 * `status -f FILE [--format json]`: every node's host, alias, mode, state (with why when not up and
 * where it was seen) and the leader as the controllers report it. Exit codes: statusExit.
 */
export async function runStatus(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'status',
    { file: { type: 'string', short: 'f' }, format: { type: 'string' }, ...hostAccessOptions },
    argv,
  );
  const format = parseFormat(values.format, 'status');
  const planned = planFromFile(values.file, env, format, 'check');
  if (typeof planned === 'number') return planned;
  const { topology } = planned;
  // A short SSH time limit: status answers within seconds even when a host is down.
  const executors = await hostAccess(topology, values, env, undefined, { timeoutMs: 3_000 });
  const signal = env.signal ?? new AbortController().signal;
  let status;
  let swarm: Awaited<ReturnType<typeof swarmMembership>> | undefined;
  try {
    [status, swarm] = await Promise.all([
      clusterStatus(topology, nodeAccess(executors), signal, env.now()),
      // Swarm: the hosts' membership too, as the manager reports it.
      topology.swarm ? swarmMembership(topology, executors, signal) : undefined,
    ]);
  } finally {
    await closeAll(executors);
  }
  const up = status.nodes.filter((node) => node.state === 'up').length;
  if (format === 'json') {
    env.output.out(
      `${JSON.stringify(
        {
          cluster: topology.name,
          mode: topology.mode,
          leader: status.leader,
          leaderNamedBy: status.leaderNamedBy,
          leaderNote: status.leaderNote,
          defaultAdminPassword: status.defaultAdminPassword,
          nodes: status.nodes,
          licenceWarning: expiryWarning(status.nodes) ?? null,
          unreachable: status.unreachable,
          ...(swarm ? { swarm: 'members' in swarm ? swarm.members : null } : {}),
          ...(swarm && 'problem' in swarm ? { swarmProblem: swarm.problem } : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const namedBy = status.leaderNamedBy.filter((alias) => alias !== status.leader);
    const leaderText =
      topology.mode === 'single'
        ? ''
        : status.leader
          ? `, leader ${status.leader}${status.leaderNote ? ` (named by ${namedBy.join(', ')}; ${status.leaderNote})` : ''}`
          : ', no leader';
    const unknown = status.nodes.filter((node) => node.state === 'unknown').length;
    env.output.out(
      `cluster ${topology.name} (${topology.mode}, DolphinDB ${topology.server.version}): ${up} of ${plural(status.nodes.length, 'node')} up${unknown > 0 ? `, ${unknown} unknown` : ''}${leaderText}\n`,
    );
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
    env.output.out(`${paint(env.output, 'bold', line(header))}\n`);
    for (const row of rows) {
      const colour = row[3] === 'up' ? 'green' : row[3] === 'down' ? 'red' : 'yellow';
      env.output.out(`${line(row).replace(/\b(up|down|unknown)\b/, (s) => paint(env.output, colour, s))}\n`);
    }
    for (const { host, reason, fix } of status.unreachable)
      env.output.out(
        `${paint(env.output, 'red', '✗')} ${host} cannot be reached: ${reason}\n${fix ? `  fix: ${fix}\n` : ''}`,
      );
    if (swarm) env.output.out(swarmLines(env, swarm));
    const expiring = expiryWarning(status.nodes);
    if (expiring) env.output.out(`${paint(env.output, 'yellow', '!')} ${expiring}\n`);
    if (status.defaultAdminPassword)
      env.output.out(
        `${paint(env.output, 'yellow', '!')} admin/123456 (DolphinDB's default) still logs in: anyone who reaches the cluster is its administrator.\n` +
          `  Change it: ddb-setup admin-password -f ${/\s/.test(values.file ?? '') ? JSON.stringify(values.file) : values.file}\n`,
      );
  }
  return status.nodes.some((node) => node.state === 'unknown')
    ? statusExit.someUnknown
    : up === status.nodes.length
      ? statusExit.allUp
      : statusExit.someDown;
}

/** The swarm's hosts under the nodes: `swarm: P1 ready active leader, P2 ready active worker…`. */
function swarmLines(env: CommandEnv, swarm: Awaited<ReturnType<typeof swarmMembership>>): string {
  if ('problem' in swarm) return `${paint(env.output, 'yellow', '!')} swarm: ${swarm.problem}\n`;
  const members = swarm.members.map((member) => {
    const text = `${member.host} ${member.state} ${member.availability} ${member.manager}`;
    const healthy = member.state === 'ready' && member.availability === 'active';
    return healthy ? text : paint(env.output, 'red', text);
  });
  return `swarm: ${members.join(', ')}\n`;
}
