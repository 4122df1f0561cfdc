import type { Derived } from '../model/derive.js';
import type { Setting } from '../model/settings.js';
import { agentSites, type SiteBook } from '../model/sites.js';
import type { TopologyNode } from '../model/topology.js';
import { isAtLeast } from '../model/version.js';
import { fillTemplate } from './fill-template.js';
import { template, type RenderContext } from './rendered-file.js';

/** Merged settings of each config file, computed once per render. */
export type ConfigSettings = {
  readonly controller: readonly Setting[];
  readonly agent: readonly Setting[];
  readonly cluster: readonly Setting[];
  readonly single: readonly Setting[];
};

/** `key=value` lines; keys written verbatim, including `alias.key`, `%`, `?` and `<ALIAS>` forms. */
function lines(settings: readonly Setting[]): string {
  return settings.map(({ key, value }) => `${key}=${value}`).join('\n');
}

/** Ensures the trailing newline and guards DolphinDB's "first line must not be blank" rule. */
function finish(kind: string, text: string): string {
  if (text.split('\n')[0]?.trim() === '')
    throw new Error(`ddb-setup: rendered ${kind} would start with a blank line`);
  return `${text.replace(/\n+$/, '')}\n`;
}

/** controller.cfg for one controller; `extra` are settings only this file gets (its dfsMetaDir). */
export function controllerCfg(
  context: RenderContext,
  book: SiteBook,
  node: TopologyNode,
  settings: readonly Setting[],
): string {
  const text = fillTemplate('controller.cfg', template(context, 'config/controller.cfg'), {
    localSite: book.localSite(node),
    settings: lines(settings),
  });
  return finish('controller.cfg', text);
}

/**
 * agent.cfg: `controllerSite` is the first controller (the tutorials' choice); `sites` lists the agent,
 * then every controller, for Raft (seed 001 §3) and from 3.00.2 also for one controller, where it
 * lets people log in on the agent (facts §2.2).
 */
export function agentCfg(
  context: RenderContext,
  derived: Derived,
  book: SiteBook,
  agent: TopologyNode,
  settings: ConfigSettings,
): string {
  const first = derived.controllers[0];
  const withSites = derived.raft || isAtLeast(derived.topology.server.version, '3.00.2');
  const text = fillTemplate('agent.cfg', template(context, 'config/agent.cfg'), {
    localSite: book.localSite(agent),
    controllerSite: first ? book.localSite(first) : '',
    sitesLine: withSites ? `sites=${agentSites(book, agent, derived.controllers)}` : '',
    settings: lines(settings.agent),
  });
  return finish('agent.cfg', text);
}

/** dolphindb.cfg of a single node. */
export function singleCfg(
  context: RenderContext,
  book: SiteBook,
  node: TopologyNode,
  settings: ConfigSettings,
): string {
  const text = fillTemplate('dolphindb.cfg', template(context, 'config/dolphindb.cfg'), {
    localSite: book.localSite(node),
    settings: lines(settings.single),
  });
  return finish('dolphindb.cfg', text);
}

/** cluster.nodes: header first, then the rows in node order; controllers only in a Raft group. */
export function clusterNodes(context: RenderContext, derived: Derived, book: SiteBook): string {
  const rows = derived.topology.nodes
    .filter((node) => node.mode !== 'controller' || derived.raft)
    .map((node) => `${book.localSite(node)},${node.mode}`);
  return finish(
    'cluster.nodes',
    fillTemplate('cluster.nodes', template(context, 'config/cluster.nodes'), { rows: rows.join('\n') }),
  );
}

/** cluster.cfg, identical on every controller. */
export function clusterCfg(context: RenderContext, settings: ConfigSettings): string {
  return finish(
    'cluster.cfg',
    fillTemplate('cluster.cfg', template(context, 'config/cluster.cfg'), {
      settings: lines(settings.cluster),
    }),
  );
}
