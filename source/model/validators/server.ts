import { error, warning, type Issue } from '../issues.js';
import { communityLimits, countNodes, licenceFixInFileWords } from '../licence-fit.js';
import { nodeSettings, numberSetting, settingsMap } from '../settings.js';
import type { ConfigSectionName } from '../topology.js';
import { parseVersion, supportsComputeNodes } from '../version.js';
import { userKeyPath, type ValidationContext } from './context.js';

/** The server version, the package it comes from, and features that need a newer server. */
export function checkServer({ topology, computeNodes, nodeIndex }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const { version, package: pkg } = topology.server;
  if (!parseVersion(version)) {
    issues.push(
      error(
        'server.version',
        'invalid-version',
        `server.version "${version}" is not a DolphinDB release number: write it as on the download page, e.g. 2.00.11.3 (without the V, _ABI or _JIT)`,
      ),
    );
    return issues;
  }
  if (computeNodes.length > 0 && !supportsComputeNodes(version)) {
    const first = computeNodes[0];
    issues.push(
      error(
        `nodes[${first ? nodeIndex(first) : 0}].mode`,
        'computenode-version',
        `compute nodes need server 1.30.14 or 2.00.1 and later, but server.version is ${version}: upgrade the server or use data nodes`,
      ),
    );
  }
  if (pkg !== undefined) {
    const file = pkg.split(/[/\\]/).pop() ?? pkg;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pkg) && !/^https?:\/\//i.test(pkg)) {
      issues.push(
        error(
          'server.package',
          'invalid-package',
          `server.package "${pkg}" uses an unsupported scheme: give an http(s) URL or a local path`,
        ),
      );
    } else if (!/\.(zip|tar\.gz|tgz)$/i.test(file.split('?')[0] ?? file)) {
      issues.push(
        error(
          'server.package',
          'invalid-package',
          `server.package "${pkg}" is not a .zip or .tar.gz file: give the DolphinDB server package, e.g. DolphinDB_Linux64_V${version}.zip`,
        ),
      );
    }
    const named = /_V(\d+(?:\.\d+){2,3})/.exec(file)?.[1];
    if (named !== undefined && named !== version) {
      issues.push(
        warning(
          'server.package',
          'package-version-mismatch',
          `server.package is version ${named} but server.version is ${version}: make them agree, since configs are written for server.version`,
        ),
      );
    }
  }
  return issues;
}

/** The first process whose maxMemSize exceeds the community licence's 8 GB. */
function memoryOverLimit(
  context: ValidationContext,
): { alias: string; value: number; path: string } | undefined {
  const candidates: [string, ConfigSectionName, ReadonlyMap<string, string>][] = [];
  if (context.topology.mode === 'single') {
    for (const node of context.topology.nodes)
      candidates.push([node.alias, 'single', nodeSettings(context.settings.single, node.alias)]);
  } else {
    for (const node of context.controllers)
      candidates.push([node.alias, 'controller', settingsMap(context.settings.controller)]);
    for (const node of context.agents)
      candidates.push([node.alias, 'agent', settingsMap(context.settings.agent)]);
    for (const node of context.workers)
      candidates.push([node.alias, 'cluster', nodeSettings(context.settings.cluster, node.alias)]);
  }
  for (const [alias, section, settings] of candidates) {
    const value = numberSetting(settings, 'maxMemSize');
    if (value !== undefined && value > 8) {
      const path = userKeyPath(context.topology, section, 'maxMemSize', alias) ?? `config.${section}`;
      return { alias, value, path };
    }
  }
  return undefined;
}

/**
 * The community licence allows three nodes (agents not counted) and 8 GB per node (facts §5;
 * exact counting UNCERTAIN, hence warnings). Without `server.license` the package's licence is kept.
 */
export function checkCommunityLicence(context: ValidationContext): Issue[] {
  const { topology } = context;
  if (topology.server.license !== undefined) return [];
  const counted = topology.nodes.filter((node) => node.mode !== 'agent').length;
  const issues: Issue[] = [];
  if (counted > 3) {
    issues.push(
      warning(
        'server.license',
        'community-node-limit',
        // Only a guess: validate reads no package that hosts download, and says so.
        `${counted} nodes (controllers, data and compute nodes) exceed the 3 of the community licence official packages ship (validate does not download server.package to read its licence; the pre-flight check reads the package's): ${licenceFixInFileWords(topology.mode, countNodes(topology.nodes), communityLimits.maxNodes)}, or the extra nodes will not start`,
      ),
    );
  }
  const over = memoryOverLimit(context);
  if (over) {
    issues.push(
      warning(
        over.path,
        'community-memory-limit',
        `${over.alias} gets maxMemSize=${over.value} GB, above the community licence's 8 GB per node: set server.license to an enterprise licence, or lower maxMemSize to 8`,
      ),
    );
  }
  return issues;
}
