import { randomBytes } from 'node:crypto';
import type { HostExpectation } from '../../checks/host-expectations.js';
import { parseHostFacts, type HostFacts } from '../../checks/host-facts.js';
import { probeScript } from '../../checks/probe-script.js';
import type { Executor } from '../../deploy/executor.js';
import { unreachable } from '../../deploy/host-reach.js';
import { collectScript } from '../../remote/collect-scripts.js';
import { parseSections, type CollectSection } from './collect-sections.js';

/** The bounded tail of each node log: the newest lines matter, and the bundle must stay small. */
export const logTail = { lines: 2_000, bytes: 256 * 1024 } as const;

export type HostCollected =
  | { readonly host: string; readonly reached: false; readonly reason: string; readonly fix: string | null }
  | {
      readonly host: string;
      readonly reached: true;
      readonly facts: HostFacts;
      /** The host's clock minus this machine's, ms, known to ± `clockMarginMs`. */
      readonly clockOffsetMs: number | undefined;
      readonly clockMarginMs: number | undefined;
      readonly sections: readonly CollectSection[];
      /** Set when the collect script failed part-way: what was read before still counts. */
      readonly problem?: string;
    };

/**
 * Everything `collect` reads on one host, read-only: whether a command runs there at all (a quick
 * `true`, so a host powered off costs seconds), the pre-flight probe's facts with a clock reading,
 * then one script for the system, the files ddb-setup wrote and the node logs.
 */
export async function collectHost(
  executor: Executor,
  expect: HostExpectation,
  files: readonly string[],
  options: { readonly signal: AbortSignal; readonly now: () => number; readonly docker: boolean },
): Promise<HostCollected> {
  const host = executor.host;
  const failure = await unreachable(executor, options.signal, 5_000);
  if (failure)
    return {
      host,
      reached: false,
      reason: failure.cause ? `${failure.message} (${failure.cause})` : failure.message,
      fix: failure.fix ?? null,
    };
  // The probe prints the host's clock first: its line's arrival brackets the reading.
  const sentMs = options.now();
  let receivedMs: number | undefined;
  const probe = await executor.exec(probeScript(expect), {
    signal: options.signal,
    timeoutMs: 60_000,
    onLine: () => (receivedMs ??= options.now()),
  });
  const facts = parseHostFacts(probe.stdout, expect.volumes.length);
  const received = receivedMs ?? options.now();
  const marker = `==ddb-setup-collect-${randomBytes(6).toString('hex')}==`;
  const script = collectScript({
    marker,
    files,
    logRoots: [expect.swarm ? `${expect.clusterDir}/cluster` : `${expect.clusterDir}/nodes`],
    logLines: logTail.lines,
    logBytes: logTail.bytes,
    clusterDir: expect.clusterDir,
    docker: expect.swarm !== undefined,
  });
  let sections: CollectSection[] = [];
  let problem: string | undefined;
  try {
    const result = await executor.exec(script, { signal: options.signal, timeoutMs: 120_000 });
    sections = parseSections(result.stdout, marker);
    if (result.code !== 0) problem = `the collect script exited with ${result.code}: ${result.stderr.trim()}`;
  } catch (error) {
    if (options.signal.aborted) throw error;
    problem = (error as Error).message;
  }
  return {
    host,
    reached: true,
    facts,
    clockOffsetMs:
      facts.clockMs === undefined ? undefined : Math.round(facts.clockMs - (sentMs + received) / 2),
    clockMarginMs: facts.clockMs === undefined ? undefined : Math.round((received - sentMs) / 2),
    sections,
    ...(problem ? { problem } : {}),
  };
}

/** The facts of a host as the bundle keeps them (facts.json): what support reads first. */
export function factsSummary(collected: Extract<HostCollected, { reached: true }>): Record<string, unknown> {
  const { facts } = collected;
  return {
    host: collected.host,
    os: facts.os ?? null,
    arch: facts.arch ?? null,
    user: facts.user ?? null,
    cpus: facts.cpus ?? null,
    memTotalKB: facts.memTotalKB ?? null,
    memAvailableKB: facts.memAvailableKB ?? null,
    openFiles: facts.nofile
      ? { soft: limitText(facts.nofile.soft), hard: limitText(facts.nofile.hard) }
      : null,
    clockOffsetMs: collected.clockOffsetMs ?? null,
    clockMarginMs: collected.clockMarginMs ?? null,
    clusterDir: { ...facts.cluster, freeKB: facts.cluster.freeKB ?? null },
    listeningPorts: [...facts.listening.keys()].sort((a, b) => a - b),
    ...(facts.docker.state
      ? {
          docker: {
            state: facts.docker.state,
            version: facts.docker.version ?? null,
            swarm: facts.docker.swarm ?? null,
          },
        }
      : {}),
  };
}

function limitText(value: number): number | 'unlimited' {
  return Number.isFinite(value) ? value : 'unlimited';
}
