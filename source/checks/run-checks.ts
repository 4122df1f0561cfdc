import type { Executor } from '../deploy/executor.js';
import { explain } from '../deploy/step-error.js';
import { clockFindings, type ClockSample } from './clock.js';
import type { CheckFinding } from './finding.js';
import { parseHostFacts, type HostFacts } from './host-facts.js';
import type { HostExpectation } from './host-expectations.js';
import { hostFindings, type HostCheckContext } from './host-findings.js';
import { probeScript } from './probe-script.js';
import { connectAll } from './connect-all.js';
import { reachabilityFindings, untestedTargetFindings } from './reachability.js';
import { sudoFindings } from './sudo-findings.js';

/** How long a probe may take on a host before the check gives up on it. */
const probeTimeoutMs = 20_000;

export type ChecksInput = {
  readonly expectations: readonly HostExpectation[];
  readonly executors: ReadonlyMap<string, Executor>;
  readonly packageBytes: number | undefined;
  readonly packageArch: HostCheckContext['packageArch'];
  /** Hosts reached without SSH (this machine), named so in the results. */
  readonly localHosts?: ReadonlySet<string>;
  /** Whether the cluster's hosts must reach each other (false for a single node). */
  readonly reachability: boolean;
  readonly signal?: AbortSignal;
  /** Local clock, ms (injected so tests can bracket it). */
  readonly now: () => number;
};

type Probed = { readonly expect: HostExpectation; readonly facts: HostFacts; readonly clock?: ClockSample };

/**
 * Runs the pre-flight checks on every host at once: one read-only probe per host, a clock reading,
 * then the reachability of every cluster port from every other host. Changes nothing on any host
 * (the temporary listeners bind only free ports and end with the check). A host that cannot be
 * reached or logged in to gives one `ssh` error and is left out of the rest.
 */
export async function runChecks(input: ChecksInput): Promise<CheckFinding[]> {
  const outcomes = await Promise.all(input.expectations.map((expect) => probeHost(expect, input)));
  const probed = outcomes.filter((o): o is Probed => 'facts' in o);
  const findings: CheckFinding[] = outcomes.flatMap((o) => ('facts' in o ? [] : [o.failure]));
  const swarmManager = probed.find((p) => p.expect.swarm?.manager === true)?.facts;
  for (const { expect, facts } of probed) {
    const context = {
      expect,
      facts,
      packageBytes: input.packageBytes,
      packageArch: input.packageArch,
      ...(swarmManager ? { swarmManager } : {}),
    };
    findings.push(
      sshOk(expect, facts, input.localHosts?.has(expect.host) === true),
      ...sudoFindings(expect, facts),
      ...hostFindings(context),
    );
  }
  findings.push(...clockFindings(probed.flatMap((p) => (p.clock ? [p.clock] : []))));
  if (input.reachability && probed.length > 1) {
    const results = await connectAll(
      probed.map((p) => ({ expect: p.expect, facts: p.facts })),
      input.executors,
      input.signal,
    );
    findings.push(...reachabilityFindings(results));
  }
  if (input.reachability && probed.length > 0)
    findings.push(
      ...untestedTargetFindings(
        outcomes.flatMap((o) => ('facts' in o || o.failure.host === null ? [] : [o.failure.host])),
      ),
    );
  return findings;
}

async function probeHost(
  expect: HostExpectation,
  input: ChecksInput,
): Promise<Probed | { failure: CheckFinding }> {
  const executor = input.executors.get(expect.host);
  if (!executor) return { failure: sshFailure(expect.host, new Error('no executor')) };
  try {
    const result = await executor.exec(probeScript(expect), {
      timeoutMs: probeTimeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const facts = parseHostFacts(result.stdout, expect.volumes.length);
    // Read the clock on the open connection, so the round trip that brackets it is short.
    const sentMs = input.now();
    let receivedMs: number | undefined;
    const clock = await executor.exec('date +%s%N', {
      timeoutMs: probeTimeoutMs,
      onLine: () => (receivedMs ??= input.now()),
    });
    const remote = parseHostFacts(`clock ${clock.stdout.trim()}`, 0).clockMs;
    return {
      expect,
      facts,
      ...(remote !== undefined
        ? { clock: { host: expect.host, remoteMs: remote, sentMs, receivedMs: receivedMs ?? input.now() } }
        : {}),
    };
  } catch (error) {
    return { failure: sshFailure(expect.host, error) };
  }
}

function sshOk(expect: HostExpectation, facts: HostFacts, local: boolean): CheckFinding {
  const user = facts.user ?? 'an unknown user';
  return {
    level: 'ok',
    host: expect.host,
    check: 'ssh',
    message: local ? `this machine (no SSH needed), as ${user}` : `logged in as ${user}`,
  };
}

/** A host that could not be probed: the connection's own explanation (resolution, refusal, timeout, key, login). */
function sshFailure(host: string, error: unknown): CheckFinding {
  const { message, fix } = explain(error);
  return {
    level: 'error',
    host,
    check: 'ssh',
    message,
    fix: fix ?? 'check the host’s SSH settings in the topology',
  };
}
