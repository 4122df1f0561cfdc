import type { Executor } from '../deploy/executor.js';
import { unreachable } from '../deploy/host-reach.js';
import { appliedTopologyFile, hostLayout, swarmLayout } from '../model/layout.js';
import { loadTopology } from '../model/parse-topology.js';
import type { Topology } from '../model/topology.js';
import { driftOf, type Drift, type NodesFileReading } from '../plan/difference/drift.js';
import { loadTemplates } from '../render/load-templates.js';
import { renderFiles } from '../render/render-files.js';
import { fileAbsent, readFileScript } from '../remote/read-scripts.js';
import type { UnreachableHost } from './cluster-status.js';

/** What the hosts say is deployed, read without changing anything. */
export type DeployedState =
  /** No host that was read holds an applied topology: nothing ddb-setup deployed (or deployed before it kept one). */
  | {
      readonly state: 'not-deployed';
      readonly readFrom: readonly string[];
      readonly notRead: readonly UnreachableHost[];
    }
  /** No host could be read: what is deployed is not known. */
  | { readonly state: 'unknown'; readonly notRead: readonly UnreachableHost[] }
  | {
      readonly state: 'deployed';
      readonly applied: Topology;
      /** Hosts whose applied topology was read. */
      readonly readFrom: readonly string[];
      readonly notRead: readonly UnreachableHost[];
      /** Where the hosts do not hold the same applied topology; empty when they agree. */
      readonly disagreements: readonly string[];
      readonly drift: readonly Drift[];
    };

/** How long a host may take to answer while reading: `plan` must stay quick with a host down. */
const readTimeoutMs = 5_000;

/**
 * Reads the applied topology from every host of `wanted` (beside ddb-setup's marker, where `deploy`
 * records it last) and, when one is found, the controllers' cluster.nodes, to report drift: rows
 * ddb-setup did not write, rows it wrote that are gone. Hosts that cannot be reached are named, not
 * fatal. Reads only; takes no lock.
 */
export async function readDeployed(
  wanted: Topology,
  executors: ReadonlyMap<string, Executor>,
  signal: AbortSignal,
  file: string,
): Promise<DeployedState> {
  const notRead: UnreachableHost[] = [];
  const reachable = new Map<string, Executor>();
  await Promise.all(
    wanted.hosts.map(async (host) => {
      const executor = executors.get(host.name);
      if (!executor) return;
      const failure = await unreachable(executor, signal, readTimeoutMs);
      if (failure)
        notRead.push({
          host: host.name,
          reason: failure.cause ? `${failure.message} (${failure.cause})` : failure.message,
          fix: failure.fix ?? null,
        });
      else reachable.set(host.name, executor);
    }),
  );
  if (reachable.size === 0) return { state: 'unknown', notRead: inHostOrder(notRead, wanted) };
  const texts = new Map<string, string>();
  await Promise.all(
    [...reachable].map(async ([host, executor]) => {
      const path = `${recordDir(wanted, host)}/${appliedTopologyFile}`;
      try {
        const text = await readText(executor, path, signal);
        if (text !== undefined) texts.set(host, text);
      } catch (error) {
        // One host that cannot be read (a lost connection, no permission) is named, not fatal.
        if (signal.aborted) throw error;
        reachable.delete(host);
        notRead.push({ host, reason: error instanceof Error ? error.message : String(error), fix: null });
      }
    }),
  );
  const readFrom = wanted.hosts.map((host) => host.name).filter((host) => reachable.has(host));
  inHostOrder(notRead, wanted); // named in the file's order, whichever answered first
  if (texts.size === 0) return { state: 'not-deployed', readFrom, notRead };

  // The hosts should hold one text: deploy writes the same one everywhere, last. Otherwise the most
  // common one is taken and every other is named.
  const byText = new Map<string, string[]>();
  for (const host of readFrom) {
    const text = texts.get(host);
    if (text !== undefined) byText.set(text, [...(byText.get(text) ?? []), host]);
  }
  const [[chosen, holders] = ['', []], ...others] = [...byText].sort((a, b) => b[1].length - a[1].length);
  const disagreements = others.map(
    ([, hosts]) =>
      `${hosts.join(', ')} ${hosts.length === 1 ? 'holds' : 'hold'} another applied topology than ${holders.join(', ')} (a deploy that stopped while recording it?)`,
  );
  const loaded = loadTopology(chosen);
  if (!loaded.topology) {
    const why = loaded.issues[0]?.message ?? 'it is not a topology';
    return {
      state: 'unknown',
      notRead: [
        ...notRead,
        ...holders.map((host) => ({
          host,
          reason: `its applied topology cannot be read: ${why}`,
          fix: `deploy writes it again; until then, compare by hand with ${recordDir(wanted, host)}/${appliedTopologyFile}`,
        })),
      ],
    };
  }
  const applied = loaded.topology;
  const appliedHosts = new Set(applied.nodes.map((node) => node.host));
  for (const host of readFrom)
    if (appliedHosts.has(host) && !texts.has(host))
      disagreements.push(`${host} runs nodes of the applied topology but holds no record of it`);
  const readings = await readNodesFiles(applied, reachable, signal);
  return {
    state: 'deployed',
    applied,
    readFrom: readFrom.filter((host) => texts.has(host)),
    notRead,
    disagreements,
    drift: driftOf(readings, wanted, file),
  };
}

/** Where the applied topology lives on a host: the cluster directory, or swarm's data directory. */
function recordDir(topology: Topology, host: string): string {
  if (topology.swarm) return swarmLayout(topology.swarm.dataDir).root;
  return hostLayout(
    topology,
    topology.hosts.find((h) => h.name === host),
  ).clusterDir;
}

/** Every cluster.nodes ddb-setup wrote for the applied topology, as it is now on its host. */
async function readNodesFiles(
  applied: Topology,
  reachable: ReadonlyMap<string, Executor>,
  signal: AbortSignal,
): Promise<NodesFileReading[]> {
  // cluster.nodes does not carry the tool's version, so any stands in for it here.
  const files = renderFiles(applied, { templates: loadTemplates(), toolVersion: 'any' }).filter(
    (f) => f.kind === 'cluster.nodes',
  );
  const readings = await Promise.all(
    files.map(async (f): Promise<NodesFileReading | undefined> => {
      const executor = reachable.get(f.host);
      if (!executor) return undefined;
      let found: string | undefined;
      try {
        found = await readText(executor, f.path, signal);
      } catch (error) {
        // Unreadable is not absent: left out of the drift rather than reported as a missing file.
        if (signal.aborted) throw error;
        return undefined;
      }
      return { host: f.host, owner: f.node ?? f.host, path: f.path, expected: f.contents, found };
    }),
  );
  return readings.filter((r): r is NodesFileReading => r !== undefined);
}

/** A file's text, or undefined when it is not there; any other failure is thrown. */
async function readText(executor: Executor, path: string, signal: AbortSignal): Promise<string | undefined> {
  const result = await executor.exec(readFileScript(path), { signal, timeoutMs: readTimeoutMs });
  if (result.code === fileAbsent) return undefined;
  if (result.code !== 0)
    throw new Error(
      `reading ${path} on ${executor.host} failed: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  return result.stdout;
}

function inHostOrder(hosts: UnreachableHost[], topology: Topology): UnreachableHost[] {
  const order = topology.hosts.map((host) => host.name);
  return hosts.sort((a, b) => order.indexOf(a.host) - order.indexOf(b.host));
}
