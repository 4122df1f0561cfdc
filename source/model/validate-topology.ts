import type { Issue } from './issues.js';
import type { Topology } from './topology.js';
import { checkAddresses } from './validators/addresses.js';
import {
  checkClusterCfgNotEmpty,
  checkConfigKeys,
  checkScopedClusterKeys,
  checkUnusedSections,
} from './validators/config-keys.js';
import { createContext, type Validator } from './validators/context.js';
import {
  checkCacheEngines,
  checkHaAndHeartbeat,
  checkSharedDirectories,
  checkVersionedKeys,
} from './validators/engine-settings.js';
import { checkAliasesAndHosts, checkFormatAndName, checkHosts } from './validators/identity.js';
import { checkConfigPaths, checkDeployPaths } from './validators/paths.js';
import { checkAgents, checkModeMatchesRows } from './validators/placement.js';
import { checkPortConflicts, checkPortRanges } from './validators/ports.js';
import { checkReplication } from './validators/replication.js';
import { checkCommunityLicence, checkServer } from './validators/server.js';
import { checkContainerAddresses, checkSwarmSection } from './validators/swarm.js';

/** Every rule, in the order their findings are listed: file-level first, then nodes, then config. */
const validators: readonly Validator[] = [
  checkFormatAndName,
  checkServer,
  checkHosts,
  checkAddresses,
  checkDeployPaths,
  checkAliasesAndHosts,
  checkPortRanges,
  checkPortConflicts,
  checkModeMatchesRows,
  checkAgents,
  checkSwarmSection,
  checkContainerAddresses,
  checkConfigKeys,
  checkConfigPaths,
  checkScopedClusterKeys,
  checkUnusedSections,
  checkClusterCfgNotEmpty,
  checkVersionedKeys,
  checkReplication,
  checkHaAndHeartbeat,
  checkCacheEngines,
  checkSharedDirectories,
  checkCommunityLicence,
];

/**
 * Checks a shape-valid topology against every rule of spec/topology.md and dolphindb-facts.md.
 * Pure. Errors block render and deploy; warnings do not.
 */
export function validateTopology(topology: Topology): Issue[] {
  const context = createContext(topology);
  return validators.flatMap((validate) => validate(context));
}
