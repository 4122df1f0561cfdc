import { clusterStatus } from '../app/cluster-status.js';
import { closeAll, nodeAccess } from '../app/node-access.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';

/** `status -f FILE [--format json]`: every node's host, alias, mode, state and the leader. Exit 0 when all are up. */
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
  try {
    status = await clusterStatus(topology, nodeAccess(executors), signal);
  } finally {
    await closeAll(executors);
  }
  const up = status.nodes.filter((node) => node.state === 'up').length;
  if (format === 'json') {
    env.output.out(
      `${JSON.stringify({ cluster: topology.name, mode: topology.mode, leader: status.leader, defaultAdminPassword: status.defaultAdminPassword, nodes: status.nodes }, null, 2)}\n`,
    );
  } else {
    const leaderText =
      topology.mode === 'single' ? '' : status.leader ? `, leader ${status.leader}` : ', no leader';
    env.output.out(
      `cluster ${topology.name} (${topology.mode}, DolphinDB ${topology.server.version}): ${up} of ${status.nodes.length} nodes up${leaderText}\n`,
    );
    const header = ['HOST', 'ALIAS', 'MODE', 'STATE', 'LEADER'];
    const rows = status.nodes.map((node) => [
      node.host,
      node.alias,
      node.mode,
      node.state,
      node.leader ? 'leader' : '',
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
    if (status.defaultAdminPassword)
      env.output.out(
        `${paint(env.output, 'yellow', '!')} admin/123456 (DolphinDB's default) still logs in: anyone who reaches the cluster is its administrator.\n` +
          `  Change it: ddb-setup admin-password -f ${/\s/.test(values.file ?? '') ? JSON.stringify(values.file) : values.file}\n`,
      );
  }
  return up === status.nodes.length ? 0 : 1;
}
