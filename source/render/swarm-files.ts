import type { Derived } from '../model/derive.js';
import { imagePaths, swarmLayout } from '../model/layout.js';
import type { SiteBook } from '../model/sites.js';
import { formatIpv4, parseSubnet } from '../model/ipv4.js';
import { formatCidr, overlayIpRange, type Container } from '../model/swarm-network.js';
import type { SwarmSection } from '../model/topology.js';
import { agentCfg, clusterCfg, clusterNodes, controllerCfg, type ConfigSettings } from './config-files.js';
import { fillTemplate } from './fill-template.js';
import { template, type RenderContext, type RenderedFile } from './rendered-file.js';
import { withMetaDir } from './ssh-files.js';

/**
 * Files for mode swarm, per host (seed 000): each container's config in `<dataDir>/cfg/`, cluster.nodes
 * and cluster.cfg where controllers run, one `docker run` script per container, and on the manager
 * the script that creates the overlay network.
 */
export function renderSwarmFiles(
  context: RenderContext,
  derived: Derived,
  book: SiteBook,
  settings: ConfigSettings,
  swarm: SwarmSection,
): RenderedFile[] {
  const layout = swarmLayout(swarm.dataDir);
  const files: RenderedFile[] = [];
  const nodesText = clusterNodes(context, derived, book);
  const clusterText = clusterCfg(context, settings);
  for (const host of derived.topology.hosts) {
    const file = (
      node: string | null,
      kind: RenderedFile['kind'],
      path: string,
      contents: string,
      fileMode = 0o644,
    ): RenderedFile => ({ host: host.name, node, kind, path, contents, fileMode });
    if (host.name === swarm.manager) {
      const range = overlayIpRange(swarm);
      const subnet = parseSubnet(swarm.network.subnet);
      const values = {
        toolVersion: context.toolVersion,
        network: swarm.network.name,
        subnet: swarm.network.subnet,
        // A topology with errors is never rendered; these fall back only to keep render total.
        ipRange: range ? formatCidr(range) : '',
        gateway: subnet ? formatIpv4(subnet.base + 1) : '',
      };
      files.push(
        file(
          null,
          'network.sh',
          layout.networkScript,
          fillTemplate('network.sh', template(context, 'swarm/network.sh'), values),
          0o755,
        ),
      );
    }
    const containers = book.containers.filter((c) => c.host === host.name);
    for (const container of containers) {
      const { main } = container;
      const metaDir = `${imagePaths.data}/${main.alias}/dfsMeta`;
      const contents =
        main.mode === 'agent'
          ? agentCfg(context, derived, book, main, settings)
          : controllerCfg(context, book, main, withMetaDir(derived, settings, metaDir));
      files.push(
        file(
          main.alias,
          main.mode === 'agent' ? 'agent.cfg' : 'controller.cfg',
          `${layout.cfgDir}/${main.alias}.cfg`,
          contents,
        ),
      );
    }
    if (containers.some((c) => c.main.mode === 'controller')) {
      files.push(
        file(null, 'cluster.nodes', `${layout.cfgDir}/cluster.nodes`, nodesText),
        file(null, 'cluster.cfg', `${layout.cfgDir}/cluster.cfg`, clusterText),
      );
    }
    for (const container of containers) {
      const contents = containerScript(context, derived, swarm, container, host.name);
      files.push(
        file(container.main.alias, 'container.sh', layout.containerScript(container.name), contents, 0o755),
      );
    }
  }
  return files;
}

function containerScript(
  context: RenderContext,
  derived: Derived,
  swarm: SwarmSection,
  container: Container,
  host: string,
): string {
  const layout = swarmLayout(swarm.dataDir);
  const { main } = container;
  const ports = [main, ...container.workers].map((node) => node.port);
  const args = [
    '-console 0',
    `-mode ${main.mode}`,
    '-home clusterDemo/data',
    '-script dolphindb.dos',
    `-config clusterDemo/config/${main.alias}.cfg`,
    `-logFile clusterDemo/log/${main.alias}.log`,
  ];
  if (main.mode === 'controller')
    args.push('-nodesFile clusterDemo/config/cluster.nodes', '-clusterConfig clusterDemo/config/cluster.cfg');
  // The licence, when one is installed; the package's own is in the image otherwise.
  const licenseMounts =
    derived.topology.server.license === undefined
      ? ''
      : `  -v '${layout.licenseFile}:${imagePaths.license}' \\`;
  const role =
    main.mode === 'controller'
      ? `controller ${main.alias}`
      : `agent ${main.alias}${container.workers.length > 0 ? ` with ${container.workers.map((w) => w.alias).join(', ')}` : ''}`;
  return fillTemplate('container.sh', template(context, 'swarm/container.sh'), {
    toolVersion: context.toolVersion,
    container: container.name,
    host,
    role,
    dataRoot: swarm.dataDir,
    containerDir: layout.containerDir(container.name),
    cfgDir: layout.cfgDir,
    network: swarm.network.name,
    ip: container.ip ?? '',
    publish: ports.map((port) => `  -p ${port}:${port} \\`).join('\n'),
    licenseMounts,
    image: swarm.image,
    arguments: args.join(' '),
  });
}
