import { deriveTopology } from '../model/derive.js';
import { agentSettings, clusterSettings, controllerSettings, singleSettings } from '../model/settings.js';
import { buildSiteBook } from '../model/sites.js';
import type { Topology } from '../model/topology.js';
import type { ConfigSettings } from './config-files.js';
import type { RenderContext, RenderedFile } from './rendered-file.js';
import { renderSshFiles } from './ssh-files.js';
import { renderSwarmFiles } from './swarm-files.js';

export type { RenderedFile, FileKind, RenderContext } from './rendered-file.js';

/**
 * Every file a deployment writes, per host, in host order then node order. Pure: templates come in
 * through `context`. Call only with a topology that `validateTopology` found free of errors.
 */
export function renderFiles(topology: Topology, context: RenderContext): RenderedFile[] {
  const derived = deriveTopology(topology);
  const book = buildSiteBook(derived);
  const settings: ConfigSettings = {
    controller: controllerSettings(derived),
    agent: agentSettings(derived),
    cluster: clusterSettings(derived),
    single: singleSettings(derived),
  };
  if (topology.mode === 'swarm' && topology.swarm)
    return renderSwarmFiles(context, derived, book, settings, topology.swarm);
  return renderSshFiles(context, derived, book, settings);
}
