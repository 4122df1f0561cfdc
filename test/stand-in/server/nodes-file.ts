/**
 * cluster.nodes (facts §2.3): header `localSite,mode` (3.00.2+: `,computeGroup`; 2.00.16.1+: `,zone`),
 * then one `host:port:alias,mode[,group[,zone]]` row per node. A blank first line fails the start
 * with the documented message (facts §9: `Failed to load the nodes file [<path>] with error: The
 * input file is empty.`, seed 002 §6 item 5).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from './errors.js';
import { parseSite, type Mode, type ModeSite } from './sites.js';

export type ClusterNode = ModeSite & { readonly computeGroup: string; readonly zone: string };

const ROW_MODES: readonly Mode[] = ['controller', 'agent', 'datanode', 'computenode'];

export function readNodesFile(path: string): ClusterNode[] {
  const absolute = resolve(path);
  const failLoad = (error: string) =>
    fail(`Failed to load the nodes file [${absolute}] with error: ${error}`);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    throw failLoad('The file does not exist or cannot be read.'); // stand-in wording
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  // facts §2.1 "The first line of all these config files must not be blank"; the server reads the
  // first line as the header and, finding nothing, reports the file as empty (facts §9).
  if ((lines[0] ?? '').trim() === '') throw failLoad('The input file is empty.');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 'localSite' || header[1] !== 'mode' || header.length > 4)
    throw failLoad(`The header must be localSite,mode[,computeGroup[,zone]] but it is [${lines[0]}].`);
  const nodes: ClusterNode[] = [];
  for (const [i, raw] of lines.slice(1).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    const [siteText = '', modeText = '', computeGroup = '', zone = ''] = fields;
    const mode = modeText as Mode;
    if (!ROW_MODES.includes(mode)) throw failLoad(`Invalid mode [${modeText}] at line ${i + 2}.`);
    const site = parseSite(siteText, 'localSite');
    if (computeGroup !== '' && mode !== 'computenode')
      // facts §2.3: the computeGroup column is only for computenode rows.
      throw failLoad(`Only compute nodes can belong to a compute group (line ${i + 2}).`);
    nodes.push({ ...site, mode, computeGroup, zone });
  }
  const seen = new Map<string, ClusterNode>();
  for (const node of nodes) {
    // facts §2.3: aliases are case-sensitive and unique in the cluster.
    if (seen.has(node.alias)) throw failLoad(`Duplicate node alias [${node.alias}].`);
    seen.set(node.alias, node);
  }
  const sites = new Set<string>();
  for (const node of nodes) {
    const key = `${node.host}:${node.port}`;
    if (sites.has(key)) throw failLoad(`Duplicate site [${key}].`);
    sites.add(key);
  }
  return nodes;
}
