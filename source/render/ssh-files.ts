import type { Derived } from '../model/derive.js';
import { hostLayout, type HostLayout } from '../model/layout.js';
import type { Setting } from '../model/settings.js';
import type { SiteBook } from '../model/sites.js';
import type { TopologyNode } from '../model/topology.js';
import {
  agentCfg,
  clusterCfg,
  clusterNodes,
  controllerCfg,
  singleCfg,
  type ConfigSettings,
} from './config-files.js';
import { fillTemplate } from './fill-template.js';
import { template, type FileKind, type RenderContext, type RenderedFile } from './rendered-file.js';

const configFileOf: Record<'single' | 'controller' | 'agent', FileKind> = {
  single: 'dolphindb.cfg',
  controller: 'controller.cfg',
  agent: 'agent.cfg',
};

/**
 * Files for modes single, cluster, pseudo-ha and ha: per controller, agent or single node its config
 * files and start/stop scripts in its own directory (model/layout.ts). Data and compute nodes have
 * no files of their own: their agent starts them and cluster.cfg configures them.
 */
export function renderSshFiles(
  context: RenderContext,
  derived: Derived,
  book: SiteBook,
  settings: ConfigSettings,
): RenderedFile[] {
  const files: RenderedFile[] = [];
  const nodes = derived.topology.nodes.filter(
    (node) => node.mode === 'single' || node.mode === 'controller' || node.mode === 'agent',
  );
  const sharedNodes = derived.topology.mode === 'single' ? '' : clusterNodes(context, derived, book);
  const sharedCluster = derived.topology.mode === 'single' ? '' : clusterCfg(context, settings);
  for (const host of derived.topology.hosts) {
    const layout = hostLayout(derived.topology, host);
    for (const node of nodes.filter((n) => n.host === host.name)) {
      const mode = node.mode as 'single' | 'controller' | 'agent';
      const dir = layout.configDir(node.alias);
      const file = (kind: FileKind, path: string, contents: string, fileMode = 0o644): RenderedFile => ({
        host: host.name,
        node: node.alias,
        kind,
        path,
        contents,
        fileMode,
      });
      const kind = configFileOf[mode];
      files.push(
        file(kind, `${dir}/${kind}`, configContents(context, derived, book, settings, layout, node)),
      );
      if (mode === 'controller') {
        files.push(
          file('cluster.nodes', `${dir}/cluster.nodes`, sharedNodes),
          file('cluster.cfg', `${dir}/cluster.cfg`, sharedCluster),
        );
      }
      const values = scriptValues(context, layout, node, `${dir}/${kind}`);
      files.push(
        file(
          'start.sh',
          `${layout.nodeDir(node.alias)}/start.sh`,
          `${fillTemplate('start.sh', template(context, 'ssh/start.sh'), values)}`,
          0o755,
        ),
        file(
          'stop.sh',
          `${layout.nodeDir(node.alias)}/stop.sh`,
          `${fillTemplate('stop.sh', template(context, 'ssh/stop.sh'), values)}`,
          0o755,
        ),
      );
    }
  }
  return files;
}

function configContents(
  context: RenderContext,
  derived: Derived,
  book: SiteBook,
  settings: ConfigSettings,
  layout: HostLayout,
  node: TopologyNode,
): string {
  if (node.mode === 'single') return singleCfg(context, book, node, settings);
  if (node.mode === 'agent') return agentCfg(context, derived, book, node, settings);
  return controllerCfg(
    context,
    book,
    node,
    withMetaDir(derived, settings, `${layout.nodeDir(node.alias)}/dfsMeta`),
  );
}

/**
 * Each controller keeps its metadata in its own directory: the docs disagree on the default
 * (facts §2.6) and controllers must never share it, so it is written out unless the user set it
 * (or wrote `dfsMetaDir: null` to keep DolphinDB's default).
 */
export function withMetaDir(derived: Derived, settings: ConfigSettings, metaDir: string): Setting[] {
  const user = derived.topology.config?.controller ?? {};
  if (Object.prototype.hasOwnProperty.call(user, 'dfsMetaDir')) return [...settings.controller];
  return [...settings.controller, { key: 'dfsMetaDir', value: metaDir }];
}

/** The official command line per role (facts §2.7, seed 002 §5.3), with absolute paths. */
function scriptValues(
  context: RenderContext,
  layout: HostLayout,
  node: TopologyNode,
  configFile: string,
): Record<string, string> {
  const dir = layout.configDir(node.alias);
  const args = [
    '-console 0',
    `-mode ${node.mode}`,
    `-home ${layout.homeDir}`,
    '-script dolphindb.dos',
    `-config ${configFile}`,
    `-logFile ${layout.logFile(node.alias)}`,
  ];
  if (node.mode === 'controller')
    args.push(`-nodesFile ${dir}/cluster.nodes`, `-clusterConfig ${dir}/cluster.cfg`);
  return {
    toolVersion: context.toolVersion,
    mode: node.mode,
    alias: node.alias,
    serverDir: layout.serverDir,
    nodeDir: layout.nodeDir(node.alias),
    configFile,
    arguments: args.join(' '),
  };
}
