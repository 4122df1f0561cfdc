import type { Derived } from '../model/derive.js';
import { clusterSettings, nodeSettings, numberSetting, singleSettings } from '../model/settings.js';
import type { ConfigSectionName } from '../model/topology.js';
import { configPath, userKeyPath } from '../model/validators/context.js';
import type { CheckFinding } from './finding.js';
import type { LicenseTerms } from './license-terms.js';
import { licenseError, licenseOk, licenseWarning } from './license-result.js';

/** A node whose memory the licence limits; `value` undefined when maxMemSize is unset. */
type MemoryUse = { readonly alias: string; readonly path: string; readonly value: number | undefined };

/**
 * Each data or compute node's effective `maxMemSize` (the single node's in mode single) against
 * the licence: above it DolphinDB refuses to start the node (facts §5); 0 or unset means
 * "unlimited", which the licence caps anyway. Nodes are grouped by the config key that sets their
 * value, since that key is the one to change.
 */
export function memoryFindings(terms: LicenseTerms, derived: Derived, source: string): CheckFinding[] {
  const limit = terms.maxMemoryPerNode;
  const uses = memoryUses(derived);
  const over = groupByPath(uses.filter((use) => use.value !== undefined && use.value > limit));
  const unlimited = groupByPath(uses.filter((use) => use.value === undefined || use.value === 0));
  const findings: CheckFinding[] = [];
  for (const [path, group] of over) {
    const one = group.length === 1;
    findings.push(
      licenseError(
        `${aliases(group)} ${one ? 'gets' : 'get'} maxMemSize=${group[0]?.value} GB from ${path}, above the ${limit} GB per node allowed by ${source}: DolphinDB will not start ${one ? 'it' : 'them'}`,
        `set ${path} to ${limit} or less, or put a licence that allows more memory at server.license`,
      ),
    );
  }
  for (const [path, group] of unlimited) {
    findings.push(
      licenseWarning(
        `${aliases(group)} ${group.length === 1 ? 'has' : 'have'} no memory limit (maxMemSize 0 or unset at ${path}), but ${source} caps each node at ${limit} GB`,
        `set ${path} to ${limit} or less so that the limit in force is the one you wrote`,
      ),
    );
  }
  if (findings.length === 0 && uses.length > 0) {
    const largest = Math.max(...uses.map((use) => use.value ?? 0));
    findings.push(
      licenseOk(
        `maxMemSize of every node (largest ${largest} GB) is within the ${limit} GB per node allowed by ${source}`,
      ),
    );
  }
  return findings;
}

function memoryUses(derived: Derived): MemoryUse[] {
  const single = derived.topology.mode === 'single';
  const section: ConfigSectionName = single ? 'single' : 'cluster';
  const settings = single ? singleSettings(derived) : clusterSettings(derived);
  const nodes = single ? derived.topology.nodes.filter((node) => node.mode === 'single') : derived.workers;
  const uses: MemoryUse[] = [];
  for (const node of nodes) {
    const effective = nodeSettings(settings, node.alias);
    const value = numberSetting(effective, 'maxMemSize');
    const text = effective.get('maxMemSize')?.trim() ?? '';
    // A value that is not a number (or is negative) is the topology validator's to report.
    if (text !== '' && (value === undefined || value < 0)) continue;
    // No user key means ddb-setup's default is in force; the plain key is the one to add.
    const path =
      userKeyPath(derived.topology, section, 'maxMemSize', node.alias) ?? configPath(section, 'maxMemSize');
    uses.push({ alias: node.alias, path, value });
  }
  return uses;
}

function groupByPath(uses: readonly MemoryUse[]): Map<string, MemoryUse[]> {
  const groups = new Map<string, MemoryUse[]>();
  for (const use of uses) groups.set(use.path, [...(groups.get(use.path) ?? []), use]);
  return groups;
}

function aliases(group: readonly MemoryUse[]): string {
  return group.map((use) => use.alias).join(', ');
}
