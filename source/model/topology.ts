// zod/mini, imported by name: a namespace import (`z.…`) makes the bundler keep all of zod,
// message locales included (a third of the bundle, paid at every start). Our own messages are
// written in parse-topology.ts.
import {
  array,
  boolean,
  enum as oneOf,
  int,
  null as nullValue,
  number,
  optional,
  record,
  strictObject,
  string,
  union,
  type infer as Infer,
} from 'zod/mini';

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
const configValue = union([string(), number(), boolean(), nullValue()]);
const configSection = record(string(), configValue);

const sshFields = {
  user: optional(string()),
  port: optional(int()),
  identityFile: optional(string()),
};
const sshOptions = strictObject({ address: optional(string()), ...sshFields });

const host = strictObject({
  name: string(),
  address: string(),
  ssh: optional(sshOptions),
  deployDir: optional(string()),
});

const node = strictObject({
  alias: string(),
  mode: oneOf(nodeModes),
  host: string(),
  port: int(),
  /** Swarm only: pins the container's overlay address. */
  ip: optional(string()),
});

const swarm = strictObject({
  manager: string(),
  image: string(),
  network: strictObject({ name: string(), subnet: string() }),
  dataDir: string(),
  /** A `docker save` archive (tar or tar.gz) sent to hosts that have not got the image and cannot pull it. */
  imageArchive: optional(string()),
  /** Where Docker allocates the overlay's own addresses; default: overlayIpRange (swarm-network.ts). */
  ipRange: optional(string()),
});

/** The whole topology file, format `ddb-setup/v1`. Defaults are applied by `resolveTopology`. */
export const topologySchema = strictObject({
  format: string(),
  name: string(),
  mode: oneOf(deploymentModes),
  server: strictObject({
    version: string(),
    package: optional(string()),
    license: optional(string()),
  }),
  deployDir: optional(string()),
  ssh: optional(strictObject(sshFields)),
  hosts: array(host),
  nodes: array(node),
  config: optional(
    strictObject({
      controller: optional(configSection),
      agent: optional(configSection),
      cluster: optional(configSection),
      single: optional(configSection),
    }),
  ),
  swarm: optional(swarm),
});

/** A topology as written in the file (optional fields may be absent). */
export type Topology = Infer<typeof topologySchema>;
export type TopologyHost = Topology['hosts'][number];
export type TopologyNode = Topology['nodes'][number];
export type ConfigValue = Infer<typeof configValue>;
export type ConfigSectionName = 'controller' | 'agent' | 'cluster' | 'single';
export type SwarmSection = Infer<typeof swarm>;

/** The format string this version reads and writes. */
export const topologyFormat = 'ddb-setup/v1';

/** Default deploy directory (spec: "default /opt/dolphindb"). */
export const defaultDeployDir = '/opt/dolphindb';
