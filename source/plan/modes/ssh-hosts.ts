import { hostLayout } from '../../model/layout.js';
import type { Derived } from '../../model/derive.js';
import type { PackageSource } from '../plan.js';
import type { PlanBuilder } from '../plan-builder.js';
import type { PlanInput } from '../mode-planner.js';

/**
 * Per host, the steps that make it ready to start its processes: directories, the package
 * (transferred once per host and version, then unpacked), the licence and the config files.
 * Returns, per host, the steps its processes' starts must wait for.
 */
export function addHostPreparation(
  builder: PlanBuilder,
  input: PlanInput & { readonly packageSource: PackageSource },
  derived: Derived,
): Map<string, string[]> {
  const { topology } = input;
  const ready = new Map<string, string[]>();
  for (const hostName of derived.usedHosts) {
    const layout = hostLayout(topology, derived.hostsByName.get(hostName));
    const hostNodes = topology.nodes.filter(
      (node) => node.host === hostName && node.mode !== 'datanode' && node.mode !== 'computenode',
    );
    const prepare = builder.add({
      id: `${hostName}/prepare`,
      phase: 'prepare',
      host: hostName,
      node: null,
      title: 'create directories',
      after: [],
      action: {
        type: 'prepare-host',
        cluster: topology.name,
        clusterDir: layout.clusterDir,
        dirs: [
          `${layout.clusterDir}/server`,
          ...hostNodes.flatMap((node) => [layout.configDir(node.alias), `${layout.nodeDir(node.alias)}/log`]),
        ],
      },
    });
    const archive = `${layout.clusterDir}/server/${input.packageSource.fileName}`;
    const transfer = builder.add({
      id: `${hostName}/package`,
      phase: 'package',
      host: hostName,
      node: null,
      title: `transfer ${input.packageSource.fileName}`,
      after: [prepare],
      action: { type: 'transfer-package', source: input.packageSource, archive, serverDir: layout.serverDir },
    });
    const unpack = builder.add({
      id: `${hostName}/unpack`,
      phase: 'package',
      host: hostName,
      node: null,
      title: `unpack server ${topology.server.version}`,
      after: [transfer],
      action: { type: 'unpack-package', archive, serverDir: layout.serverDir },
    });
    const hostReady = [unpack];
    if (input.licensePath !== undefined) {
      hostReady.push(
        builder.add({
          id: `${hostName}/license`,
          phase: 'package',
          host: hostName,
          node: null,
          title: 'install the licence',
          after: [unpack],
          action: {
            type: 'install-license',
            localPath: input.licensePath,
            target: `${layout.serverDir}/dolphindb.lic`,
          },
        }),
      );
    }
    const files = input.files.filter((file) => file.host === hostName);
    if (files.length > 0) {
      hostReady.push(
        builder.add({
          id: `${hostName}/configure`,
          phase: 'configure',
          host: hostName,
          node: null,
          title: `write ${files.length} config and script files`,
          after: [prepare],
          action: { type: 'write-files', files },
        }),
      );
    }
    ready.set(hostName, hostReady);
  }
  return ready;
}
