import { stringify } from 'yaml';
import type { ConfigSectionName, Topology } from './topology.js';

/** Options for the written file: comments help people, scripts ignore them. */
export type WriteOptions = { readonly header?: readonly string[] };

/**
 * Writes a topology as the YAML people read in the spec: one flow-style line per host and node, so
 * the file reads like `cluster.nodes`. Round-trips through `loadTopology`.
 */
export function writeTopology(topology: Topology, options: WriteOptions = {}): string {
  const lines: string[] = [];
  for (const line of options.header ?? []) lines.push(line === '' ? '#' : `# ${line}`);
  lines.push(
    `format: ${scalar(topology.format)}`,
    `name: ${scalar(topology.name)}`,
    `mode: ${topology.mode}`,
    'server:',
  );
  lines.push(`  version: ${scalar(topology.server.version)}`);
  if (topology.server.package !== undefined) lines.push(`  package: ${scalar(topology.server.package)}`);
  else lines.push(`  # package: defaults to the official download of this version`);
  if (topology.server.license !== undefined) lines.push(`  license: ${scalar(topology.server.license)}`);
  else lines.push(`  # license: ./dolphindb.lic   (omitted: keep the licence shipped in the package)`);
  if (topology.deployDir !== undefined) lines.push(`deployDir: ${scalar(topology.deployDir)}`);
  if (topology.ssh && Object.keys(topology.ssh).length > 0) lines.push(`ssh: ${flow(topology.ssh)}`);
  lines.push('hosts:');
  for (const host of topology.hosts) lines.push(`  - ${flow(host)}`);
  lines.push('nodes:');
  for (const node of topology.nodes) lines.push(`  - ${flow(node)}`);
  const config = topology.config;
  if (config) {
    lines.push('config:');
    for (const section of ['controller', 'agent', 'cluster', 'single'] as ConfigSectionName[]) {
      const values = config[section];
      if (values !== undefined) lines.push(`  ${section}: ${flow(values)}`);
    }
  }
  if (topology.swarm) {
    const { swarm } = topology;
    lines.push(
      'swarm:',
      `  manager: ${scalar(swarm.manager)}`,
      `  image: ${scalar(swarm.image)}`,
      `  network: ${flow(swarm.network)}`,
      `  dataDir: ${scalar(swarm.dataDir)}`,
    );
    // Optional: written only when set, but never dropped (deploy records this text as applied).
    if (swarm.imageArchive !== undefined) lines.push(`  imageArchive: ${scalar(swarm.imageArchive)}`);
    if (swarm.ipRange !== undefined) lines.push(`  ipRange: ${scalar(swarm.ipRange)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `{ a: 1, b: x }` with YAML quoting where a value or key needs it. */
function flow(record: object): string {
  const parts = Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        `${scalar(key)}: ${typeof value === 'object' && value !== null ? flow(value as object) : scalar(value)}`,
    );
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/** One YAML scalar, quoted only when plain style would change its meaning or break a flow map. */
function scalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  const plain = stringify(text, { lineWidth: 0 }).trimEnd();
  // Flow maps end values at ',' and '}' and keys at ':': quote those too.
  if (plain === text && !/[,{}[\]:#]/.test(text)) return text;
  return plain.startsWith('"') || plain.startsWith("'") ? plain : JSON.stringify(text);
}
