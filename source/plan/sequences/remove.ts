import { appliedTopologyFile, hostLayout } from '../../model/layout.js';
import type { Endpoints } from '../endpoints.js';
import type { PlanInput } from '../mode-planner.js';
import type { RemoveCreated, Step } from '../plan.js';
import type { StoppedOn } from './stop.js';

/** The step that removes what ddb-setup created on one host, once `after` is done. */
export function removeStep(host: string, removal: RemoveCreated, after: readonly string[]): Step {
  return {
    id: `${host}/remove`,
    phase: 'remove',
    host,
    node: null,
    title: removal.data
      ? `remove what ddb-setup created in ${removal.root}, data included`
      : `remove what ddb-setup created in ${removal.root}, data kept`,
    after,
    action: { type: 'remove-created', ...removal },
  };
}

/**
 * The stop steps a host's removal waits for: its own processes', and the data and compute nodes'
 * (those run from the host's server directory too). Another host's stop never holds it back.
 */
export function stopsOf(host: string, stops: readonly StoppedOn[]): string[] {
  return stops.filter((stop) => stop.host === null || stop.host === host).map((stop) => stop.id);
}

/**
 * What ddb-setup created on one host of modes single, cluster, pseudo-ha and ha (docs/layout.md):
 * the files render wrote there, the package under `server/`, the directories prepare made; each
 * process's directory under `nodes/` is its data.
 */
export function sshRemoval(input: PlanInput, { derived }: Endpoints, host: string): RemoveCreated {
  const { topology } = input;
  const layout = hostLayout(topology, derived.hostsByName.get(host));
  const onHost = topology.nodes.filter((node) => node.host === host);
  // Processes with files of their own (data and compute nodes have none: their agent starts them).
  const scripted = onHost.filter((node) => node.mode !== 'datanode' && node.mode !== 'computenode');
  const packageDir = `${layout.clusterDir}/server`;
  const archive = input.packageSource ? layout.packageArchive(input.packageSource.fileName) : undefined;
  return {
    cluster: topology.name,
    root: layout.clusterDir,
    // The applied topology deploy records last (record-applied.ts) is ddb-setup's file too.
    files: [
      ...input.files.filter((file) => file.host === host).map((file) => file.path),
      `${layout.clusterDir}/${appliedTopologyFile}`,
    ],
    packageDir,
    archives: archive ? [archive, `${archive}.part`] : [],
    dirs: [
      ...scripted.flatMap((node) => [
        layout.configDir(node.alias),
        `${layout.nodeDir(node.alias)}/log`,
        layout.nodeDir(node.alias),
      ]),
      layout.homeDir,
      packageDir,
    ],
    dataDirs: onHost.map((node) => layout.nodeDir(node.alias)),
    data: input.data === true,
  };
}
