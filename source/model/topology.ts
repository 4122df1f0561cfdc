import { z } from 'zod';

/** Deployment modes of the topology file (spec/topology.md). */
export const deploymentModes = ['single', 'cluster', 'pseudo-ha', 'ha', 'swarm'] as const;
export type DeploymentMode = (typeof deploymentModes)[number];

/** DolphinDB process roles, exactly as `cluster.nodes` and `-mode` spell them. */
export const nodeModes = ['single', 'controller', 'agent', 'datanode', 'computenode'] as const;
export type NodeMode = (typeof nodeModes)[number];

/**
 * A config value written verbatim after `key=`. YAML numbers and booleans are accepted for
 * convenience; the parser keeps their source text so `1.50` stays `1.50`. `null` (`~`) removes a
 * key that ddb-setup would otherwise write by default.
 */
const configValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const configSection = z.record(z.string(), configValue);

const sshOptions = z.strictObject({
  address: z.string().optional(),
  user: z.string().optional(),
  port: z.number().int().optional(),
  identityFile: z.string().optional(),
});

const host = z.strictObject({
  name: z.string(),
  address: z.string(),
  ssh: sshOptions.optional(),
  deployDir: z.string().optional(),
});

const node = z.strictObject({
  alias: z.string(),
  mode: z.enum(nodeModes),
  host: z.string(),
  port: z.number().int(),
  /** Swarm only: pins the container's overlay address. */
  ip: z.string().optional(),
});

const swarm = z.strictObject({
  manager: z.string(),
  image: z.string(),
  network: z.strictObject({ name: z.string(), subnet: z.string() }),
  dataDir: z.string(),
});

/** The whole topology file, format `ddb-setup/v1`. Defaults are applied by `resolveTopology`. */
export const topologySchema = z.strictObject({
  format: z.string(),
  name: z.string(),
  mode: z.enum(deploymentModes),
  server: z.strictObject({
    version: z.string(),
    package: z.string().optional(),
    license: z.string().optional(),
  }),
  deployDir: z.string().optional(),
  ssh: sshOptions.omit({ address: true }).optional(),
  hosts: z.array(host),
  nodes: z.array(node),
  config: z
    .strictObject({
      controller: configSection.optional(),
      agent: configSection.optional(),
      cluster: configSection.optional(),
      single: configSection.optional(),
    })
    .optional(),
  swarm: swarm.optional(),
});

/** A topology as written in the file (optional fields may be absent). */
export type Topology = z.infer<typeof topologySchema>;
export type TopologyHost = Topology['hosts'][number];
export type TopologyNode = Topology['nodes'][number];
export type ConfigValue = z.infer<typeof configValue>;
export type ConfigSectionName = 'controller' | 'agent' | 'cluster' | 'single';
export type SwarmSection = z.infer<typeof swarm>;

/** The format string this version reads and writes. */
export const topologyFormat = 'ddb-setup/v1';

/** Default deploy directory (spec: "default /opt/dolphindb"). */
export const defaultDeployDir = '/opt/dolphindb';
