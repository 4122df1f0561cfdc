import type { Executor } from '../deploy/executor.js';
import { nodeLicence } from '../deploy/node-api/licence-state.js';
import { ask, type NodeAccess } from '../deploy/node-api/node-session.js';
import { quickScriptMs } from '../deploy/script-limits.js';
import { releaseOf } from '../deploy/tasks/verify-version.js';
import { hostLayout } from '../model/layout.js';
import type { Topology } from '../model/topology.js';
import { nodeEndpointsOf } from '../plan/planners.js';
import type { RunningReading } from '../plan/upgrade-decision.js';
import { quote } from '../remote/shell.js';

/**
 * What version a deployment runs, read on its hosts (never from this machine's journal): each
 * node's `version()` through its host, and the server directory each start script names — the
 * switch an upgrade turns, which tells what a stopped node would run. Changes nothing.
 */
export async function readRunningVersions(
  topology: Topology,
  executors: ReadonlyMap<string, Executor>,
  access: NodeAccess,
  signal: AbortSignal,
): Promise<RunningReading> {
  const { derived, endpoint } = nodeEndpointsOf(topology);
  const nodes = await Promise.all(
    topology.nodes.map(async (node) => {
      const version = releaseOf(await ask(access, endpoint(node), 'version()', signal));
      return { host: node.host, alias: node.alias, ...(version !== undefined ? { version } : {}) };
    }),
  );
  const switched = (
    await Promise.all(
      derived.usedHosts.map(async (host) => {
        const executor = executors.get(host);
        if (!executor) return [];
        const layout = hostLayout(topology, derived.hostsByName.get(host));
        const scripts = topology.nodes
          .filter((n) => n.host === host && n.mode !== 'datanode' && n.mode !== 'computenode')
          .map((n) => quote(`${layout.nodeDir(n.alias)}/start.sh`));
        if (scripts.length === 0) return [];
        // start.sh sets `server_dir='<clusterDir>/server/<version>'` (templates/ssh/start.sh).
        const result = await executor
          .exec(`sed -n "s/^server_dir='\\(.*\\)'\\$/\\1/p" ${scripts.join(' ')} 2>/dev/null; true`, {
            signal,
            timeoutMs: quickScriptMs,
          })
          .catch(() => undefined);
        const dirs = (result?.stdout ?? '')
          .split('\n')
          .filter((line) => line.startsWith(`${layout.clusterDir}/server/`));
        return dirs.map((dir) => ({ host, version: dir.slice(dir.lastIndexOf('/') + 1) }));
      }),
    )
  ).flat();
  const answering = derived.controllers
    .concat(topology.nodes)
    .find((n) => nodes.some((r) => r.alias === n.alias && r.version));
  const licence = answering ? await nodeLicence(access, endpoint(answering), signal) : undefined;
  return { nodes, switched, ...(licence ? { licenceVersion: licence.version } : {}) };
}
