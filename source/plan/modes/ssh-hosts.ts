import { hostLayout } from '../../model/layout.js';
import type { Derived } from '../../model/derive.js';
import type { PackageSource } from '../plan.js';
import type { PlanBuilder } from '../plan-builder.js';
import type { PlanInput } from '../mode-planner.js';
import { filesStep, licenseStep, prepareStep } from '../sequences/host-steps.js';

/**
 * Per host, the steps that make it ready to start its processes: directories, the package
 * (transferred once per host and version, then unpacked), the licence and the config files.
 * Returns, per host, the steps its processes' starts must wait for.
 */
export function addHostPreparation(
  builder: PlanBuilder,
  input: PlanInput & { readonly packageSource: PackageSource },
  derived: Derived,
  /** False for an upgrade, which writes each host's files only once its processes are stopped. */
  withFiles = true,
  /** What must be done before any host is touched (a change's removals). */
  first: readonly string[] = [],
): Map<string, string[]> {
  const { topology } = input;
  const ready = new Map<string, string[]>();
  for (const hostName of derived.usedHosts) {
    const layout = hostLayout(topology, derived.hostsByName.get(hostName));
    const hostNodes = topology.nodes.filter(
      (node) => node.host === hostName && node.mode !== 'datanode' && node.mode !== 'computenode',
    );
    const prepare = builder.add({
      ...prepareStep(hostName, topology.name, layout.clusterDir, [
        `${layout.clusterDir}/server`,
        ...hostNodes.flatMap((node) => [layout.configDir(node.alias), `${layout.nodeDir(node.alias)}/log`]),
      ]),
      after: first,
    });
    const archive = layout.packageArchive(input.packageSource.fileName);
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
    if (input.licensePath !== undefined)
      hostReady.push(
        builder.add(licenseStep(hostName, input.licensePath, `${layout.serverDir}/dolphindb.lic`, [unpack])),
      );
    const files = withFiles ? filesStep(hostName, input.files, [prepare]) : undefined;
    if (files) hostReady.push(builder.add(files));
    ready.set(hostName, hostReady);
  }
  return ready;
}
