import { error, type Issue } from '../issues.js';
import { matchesAlias, nodeSettings, numberSetting, splitScopedKey } from '../settings.js';
import type { TopologyNode } from '../topology.js';
import { configPath, hostLabel, type ValidationContext } from './context.js';

/** Ports Docker Swarm itself uses on every node (2377 management, 7946 gossip, 4789 VXLAN). */
const swarmPorts = new Set([2377, 7946, 4789]);

/** A port some process will bind on a host. */
type Claim = { readonly host: string; readonly port: number; readonly owner: string; readonly path: string };

/** Node ports 1024–65535; SSH ports 1–65535. */
export function checkPortRanges({ topology }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  topology.nodes.forEach((node, index) => {
    if (node.port < 1024 || node.port > 65535) {
      issues.push(
        error(
          `nodes[${index}].port`,
          'port-range',
          `${node.alias} has port ${node.port}: use a port from 1024 to 65535 (ports below 1024 need root and are reserved)`,
        ),
      );
    }
  });
  const sshPorts: [string, number | undefined][] = [
    ['ssh.port', topology.ssh?.port],
    ...topology.hosts.map((host, index): [string, number | undefined] => [
      `hosts[${index}].ssh.port`,
      host.ssh?.port,
    ]),
  ];
  for (const [path, port] of sshPorts) {
    if (port !== undefined && (port < 1 || port > 65535)) {
      issues.push(error(path, 'port-range', `SSH port ${port} does not exist: use 1–65535 (usually 22)`));
    }
  }
  return issues;
}

/**
 * Every `host:port` unique, counting each node's own port and the `subPort` it gets from
 * cluster.cfg or dolphindb.cfg; in swarm mode also Docker's own ports.
 */
export function checkPortConflicts(context: ValidationContext): Issue[] {
  const { topology } = context;
  const issues: Issue[] = [];
  const taken = new Map<string, Claim>();
  const claim = (candidate: Claim): void => {
    const key = `${candidate.host}:${candidate.port}`;
    const first = taken.get(key);
    if (!first) {
      taken.set(key, candidate);
      return;
    }
    const free = nextFreePort(taken, candidate.host, candidate.port);
    issues.push(
      error(
        candidate.path,
        'port-conflict',
        `${first.owner} and ${candidate.owner} both use port ${candidate.port} on ${hostLabel(context, candidate.host)}: give ${candidate.owner} another port, e.g. ${free}`,
      ),
    );
  };
  topology.nodes.forEach((node, index) => {
    claim({ host: node.host, port: node.port, owner: node.alias, path: `nodes[${index}].port` });
  });
  for (const node of topology.nodes) {
    const subPort = subPortOf(context, node);
    if (subPort !== undefined)
      claim({
        host: node.host,
        port: subPort,
        owner: `${node.alias} (subPort)`,
        path: subPortPath(context, node),
      });
  }
  if (topology.mode === 'swarm') {
    topology.nodes.forEach((node, index) => {
      if (swarmPorts.has(node.port)) {
        issues.push(
          error(
            `nodes[${index}].port`,
            'port-reserved',
            `${node.alias} uses port ${node.port}, which Docker Swarm needs on every node (2377, 7946, 4789): pick another port`,
          ),
        );
      }
    });
  }
  return issues;
}

function subPortOf(context: ValidationContext, node: TopologyNode): number | undefined {
  if (node.mode === 'single')
    return numberSetting(nodeSettings(context.settings.single, node.alias), 'subPort');
  if (node.mode === 'datanode' || node.mode === 'computenode') {
    return numberSetting(nodeSettings(context.settings.cluster, node.alias), 'subPort');
  }
  return undefined;
}

/** The user's key that gave a node its subPort: the last matching scoped key (as nodeSettings), else the plain one. */
function subPortPath(context: ValidationContext, node: TopologyNode): string {
  const section = node.mode === 'single' ? 'single' : 'cluster';
  const scoped = Object.keys(context.topology.config?.[section] ?? {}).filter((key) => {
    const { pattern, name } = splitScopedKey(key);
    return name === 'subPort' && pattern !== undefined && matchesAlias(pattern, node.alias);
  });
  return configPath(section, scoped[scoped.length - 1] ?? 'subPort');
}

function nextFreePort(taken: ReadonlyMap<string, Claim>, host: string, from: number): number {
  let port = from + 1;
  while (taken.has(`${host}:${port}`) && port < 65535) port++;
  return port;
}
