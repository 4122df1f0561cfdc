import { clusterStatus } from '../app/cluster-status.js';
import { closeAll, nodeAccess } from '../app/node-access.js';
import { swarmMembership } from '../app/swarm-membership.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { statusCode, statusJson, statusText } from './status-report.js';
import { watchStatus } from './status-watch.js';
import { UsageError } from './usage-error.js';

export { statusExit } from './status-report.js';

/** `--watch`'s interval when none is given, and the range accepted. */
const interval = { default: 2, min: 1, max: 3600 } as const;

/**
 * `status -f FILE [--format json] [--watch [--interval SECONDS]]`: every node's host, alias, mode,
 * state (with why when not up and where it was seen) and the leader as the controllers report it;
 * with --watch again and again (cli/status-watch.ts). Exit codes: statusExit.
 */
export async function runStatus(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'status',
    {
      file: { type: 'string', short: 'f' },
      format: { type: 'string' },
      watch: { type: 'boolean' },
      interval: { type: 'string' },
      ...hostAccessOptions,
    },
    argv,
  );
  const format = parseFormat(values.format, 'status');
  const intervalSeconds = parseInterval(values.interval, values.watch === true);
  const planned = planFromFile(values.file, env, format, 'check');
  if (typeof planned === 'number') return planned;
  const { topology } = planned;
  // Short SSH limits: status answers within seconds even when a host is down. The TCP connect's is
  // shorter still: a host off or cut off is named in 1.5 s, not after a login's allowance.
  const executors = await hostAccess(topology, values, env, undefined, {
    timeoutMs: 3_000,
    connectTimeoutMs: 1_500,
  });
  const signal = env.signal ?? new AbortController().signal;
  try {
    if (intervalSeconds !== undefined)
      return await watchStatus({ topology, executors, format, intervalSeconds, file: values.file }, env);
    const [status, swarm] = await Promise.all([
      clusterStatus(topology, nodeAccess(executors), signal, env.now()),
      // Swarm: the hosts' membership too, as the manager reports it.
      topology.swarm ? swarmMembership(topology, executors, signal) : undefined,
    ]);
    const round = { status, swarm };
    env.output.out(
      format === 'json'
        ? `${JSON.stringify(statusJson(topology, round), null, 2)}\n`
        : statusText(env.output, topology, round, values.file),
    );
    return statusCode(round);
  } finally {
    await closeAll(executors);
  }
}

/** `--interval SECONDS`, only with --watch: undefined without --watch, else the seconds between rounds. */
function parseInterval(value: string | undefined, watch: boolean): number | undefined {
  if (!watch) {
    if (value !== undefined)
      throw new UsageError(
        `--interval ${value} only applies with --watch: add --watch, or leave --interval out (see \`ddb-setup status --help\`)`,
      );
    return undefined;
  }
  if (value === undefined) return interval.default;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= interval.min && seconds <= interval.max))
    throw new UsageError(
      `--interval ${value} is not a number of seconds from ${interval.min} to ${interval.max}: e.g. --interval 5 (see \`ddb-setup status --help\`)`,
    );
  return seconds;
}
