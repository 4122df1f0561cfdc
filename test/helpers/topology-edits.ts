/**
 * Changed copies of a test's topology file, as a user edits one: a node added, removed or moved,
 * a config key set. Each edit works on the YAML document, so the file keeps its comments and order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, type Document } from 'yaml';

export type NodeRow = { alias: string; mode: string; host: string; port: number };

/** A copy of `file` beside it (`<file>-<label>.yaml`), changed by `edit` on its YAML document. */
export function variant(file: string, label: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  const out = file.replace(/\.yaml$/, `-${label}.yaml`);
  writeFileSync(out, doc.toString());
  return out;
}

type Items = { items: { get: (key: string) => unknown; set: (key: string, value: unknown) => void }[] };

function nodeItems(doc: Document): Items['items'] {
  return (doc.get('nodes') as Items).items;
}

/** Adds node rows (and hosts, when given) to the document. */
export function addNodes(
  doc: Document,
  nodes: readonly NodeRow[],
  hosts: readonly { name: string; address: string }[] = [],
): void {
  for (const host of hosts)
    (doc.get('hosts') as { add: (v: unknown) => void }).add(doc.createNode(host, { flow: true }));
  for (const node of nodes)
    (doc.get('nodes') as { add: (v: unknown) => void }).add(doc.createNode(node, { flow: true }));
}

/** Removes the node rows with these aliases. */
export function removeNodes(doc: Document, aliases: readonly string[]): void {
  for (const alias of aliases) {
    const index = nodeItems(doc).findIndex((item) => item.get('alias') === alias);
    if (index < 0) throw new Error(`no node ${alias}`);
    doc.deleteIn(['nodes', index]);
  }
}

/** Sets fields of the node row with this alias (host, port, mode). */
export function setNode(doc: Document, alias: string, fields: Partial<NodeRow>): void {
  const item = nodeItems(doc).find((i) => i.get('alias') === alias);
  if (!item) throw new Error(`no node ${alias}`);
  for (const [key, value] of Object.entries(fields)) item.set(key, value);
}

/**
 * A pseudo-HA topology made mode ha: each controller named in `moves` goes to a new server (seed
 * 003's migration). Returns the changed copy's path (`<file>-ha.yaml`).
 */
export function movedToHa(
  file: string,
  moves: readonly { readonly alias: string; readonly host: { name: string; address: string } }[],
): string {
  return variant(file, 'ha', (doc) => {
    doc.set('mode', 'ha');
    addNodes(
      doc,
      [],
      moves.map((move) => move.host),
    );
    for (const move of moves) setNode(doc, move.alias, { host: move.host.name });
  });
}
