import { deriveTopology } from '../../model/derive.js';
import { buildSiteBook } from '../../model/sites.js';
import type { Topology } from '../../model/topology.js';

/**
 * One `cluster.nodes` as read from a controller's host, beside the one ddb-setup wrote there when
 * it applied the deployed topology.
 */
export type NodesFileReading = {
  readonly host: string;
  /** The controller whose file it is (swarm: the host's, null). */
  readonly owner: string;
  readonly path: string;
  /** The file as ddb-setup rendered it for the applied topology. */
  readonly expected: string;
  /** The file on the host; undefined when it is not there. */
  readonly found: string | undefined;
};

/** A change made on the servers outside ddb-setup, which deploy must not overwrite. */
export type Drift = {
  readonly kind: 'added-outside' | 'missing' | 'file-missing' | 'controllers-disagree';
  readonly what: string;
  /** What the user does about it: ddb-setup never removes or rewrites it. */
  readonly fix: string;
};

/** One row of cluster.nodes: `10.0.0.80:8802:datanode1,datanode` (facts §2.3). */
export type NodesRow = { readonly site: string; readonly alias: string; readonly mode: string };

/**
 * The rows of a cluster.nodes text, header and blank lines skipped. Extra columns (computeGroup,
 * zone, the trailing comma of 3.00.2) are not compared: DolphinDB may write them itself when it
 * saves the file (addNode with saveConfig).
 */
export function parseNodesFile(text: string): NodesRow[] {
  const rows: NodesRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^localSite\s*,/i.test(line)) continue;
    const [site = '', mode = ''] = line.split(',').map((cell) => cell.trim());
    rows.push({ site, alias: site.split(':')[2] ?? site, mode });
  }
  return rows;
}

const rowKey = (row: NodesRow): string => `${row.site},${row.mode}`;

/**
 * What the controllers' cluster.nodes hold that ddb-setup did not write, or lack that it did:
 * a node added with addNode or the web manager, a hand-edited file, a file removed, controllers
 * that no longer agree. `wanted` is the file the user runs with, so a row it already has is told
 * apart from one it would drop.
 */
export function driftOf(readings: readonly NodesFileReading[], wanted: Topology, file: string): Drift[] {
  const drift: Drift[] = [];
  const extra = new Map<string, { row: NodesRow; owners: string[] }>();
  const missing = new Map<string, { row: NodesRow; owners: string[] }>();
  const sets: { owner: string; keys: string }[] = [];
  // Rows the wanted file itself writes: found on the servers, they are a change of this file that an
  // interrupted deploy began (cluster.nodes is written before the nodes are added), not drift.
  const wantedKeys = wantedRows(wanted);
  const wantedSet = [...wantedKeys].sort().join('\n');
  for (const reading of readings) {
    if (reading.found === undefined) {
      drift.push({
        kind: 'file-missing',
        what: `${reading.path} (cluster.nodes of ${reading.owner} on ${reading.host}) is gone`,
        fix: `restore it from ${reading.path}.bak-* or a backup; ddb-setup will not write it while the cluster runs`,
      });
      continue;
    }
    const found = parseNodesFile(reading.found);
    const expected = parseNodesFile(reading.expected);
    const foundKeys = new Set(found.map(rowKey));
    const expectedKeys = new Set(expected.map(rowKey));
    for (const row of found)
      if (!expectedKeys.has(rowKey(row)) && !wantedKeys.has(rowKey(row))) collect(extra, row, reading.owner);
    for (const row of expected)
      // Gone, while the wanted file keeps it exactly: a removal or a move the file asks for is
      // this change, begun by an interrupted run.
      if (!foundKeys.has(rowKey(row)) && wantedKeys.has(rowKey(row))) collect(missing, row, reading.owner);
    const keys = [...foundKeys].sort().join('\n');
    const expectedSet = [...expectedKeys].sort().join('\n');
    // A controller already holding the wanted file while another still holds the applied one is
    // the same interrupted change, not controllers that disagree.
    if (keys !== wantedSet || wantedSet === expectedSet) sets.push({ owner: reading.owner, keys });
  }
  const inFile = (row: NodesRow) =>
    wanted.nodes.some((node) => node.alias === row.alias && node.mode === row.mode);
  for (const { row, owners } of extra.values())
    drift.push({
      kind: 'added-outside',
      what: inFile(row)
        ? `${row.alias} on ${row.site.split(':').slice(0, 2).join(':')} (${row.mode}) in cluster.nodes of ${owners.join(', ')}: added outside ddb-setup, and ${file} puts it elsewhere`
        : `Not in ${file}, found on the servers: ${row.alias} on ${row.site.split(':').slice(0, 2).join(':')} (${row.mode}) in cluster.nodes of ${owners.join(', ')} — added outside ddb-setup`,
      fix: inFile(row)
        ? `ddb-setup did not add it there and will not move it: give it in ${file} the place it has on the servers, or remove it yourself (stopDataNode, then the web manager)`
        : `ddb-setup will not remove it: add it to ${file}, or remove it yourself`,
    });
  for (const { row, owners } of missing.values())
    drift.push({
      kind: 'missing',
      what: `${row.alias} (${row.mode}, ${row.site.split(':').slice(0, 2).join(':')}) is missing from cluster.nodes of ${owners.join(', ')} — removed outside ddb-setup`,
      fix: `ddb-setup will not write it back over the change: remove it from ${file}, or add it again yourself`,
    });
  const distinct = new Set(sets.map((set) => set.keys));
  if (distinct.size > 1)
    drift.push({
      kind: 'controllers-disagree',
      what: `cluster.nodes differs between controllers: ${sets.map((set) => set.owner).join(', ')} do not list the same nodes`,
      fix: 'make the files identical on every controller (facts §2.5), through the leader (addNode) or by hand',
    });
  return drift;
}

/** The rows of the cluster.nodes ddb-setup writes for `topology`, as rowKey gives them. */
function wantedRows(topology: Topology): Set<string> {
  const book = buildSiteBook(deriveTopology(topology));
  return new Set(
    topology.nodes.map((node) => `${book.address(node)}:${node.port}:${node.alias},${node.mode}`),
  );
}

function collect(into: Map<string, { row: NodesRow; owners: string[] }>, row: NodesRow, owner: string): void {
  const key = rowKey(row);
  const entry = into.get(key) ?? { row, owners: [] };
  entry.owners.push(owner);
  into.set(key, entry);
}
