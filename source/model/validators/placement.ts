import { plural } from '../plural.js';
import { nodesByHost } from '../derive.js';
import { error, warning, type Issue } from '../issues.js';
import type { DeploymentMode, TopologyNode } from '../topology.js';
import type { ValidationContext } from './context.js';

/**
 * The mode a set of rows describes, or undefined when the controllers fit no mode (e.g. five
 * controllers on three hosts). Used to tell the user which mode to write.
 */
export function describeRows(nodes: readonly TopologyNode[]): DeploymentMode | undefined {
  if (nodes.some((node) => node.mode === 'single')) return 'single';
  const controllers = nodes.filter((node) => node.mode === 'controller');
  const hosts = new Set(controllers.map((node) => node.host)).size;
  if (controllers.length === 1) return 'cluster';
  if (controllers.length < 3 || controllers.length % 2 === 0) return undefined;
  if (hosts === controllers.length) return 'ha';
  if (hosts <= 2) return 'pseudo-ha';
  return undefined;
}

/** Controller count and placement, and `single` rows, match the declared mode (spec: Modes). */
export function checkModeMatchesRows(context: ValidationContext): Issue[] {
  const { topology, controllers } = context;
  const { mode } = topology;
  const described = describeRows(topology.nodes);
  const count = controllers.length;
  const hosts = [...nodesByHost(controllers).keys()];
  const mismatch = (what: string): Issue => {
    const advice =
      described && described !== mode
        ? `; these rows describe mode ${described}: set \`mode: ${described}\` or change the rows`
        : '';
    return error('mode', 'mode-mismatch', `mode is ${mode} but ${what}${advice}`);
  };

  if (mode === 'single') {
    const singles = topology.nodes.filter((node) => node.mode === 'single');
    if (topology.nodes.length !== 1 || singles.length !== 1) {
      return [
        mismatch(
          `nodes has ${topology.nodes.length} rows (${summarize(topology.nodes)}), and mode single takes exactly one row with \`mode: single\``,
        ),
      ];
    }
    return [];
  }
  const issues: Issue[] = [];
  topology.nodes.forEach((node, index) => {
    if (node.mode === 'single') {
      issues.push(
        error(
          `nodes[${index}].mode`,
          'mode-mismatch',
          `${node.alias} has mode single, which only exists in \`mode: single\`: use datanode, or set mode single with this one row`,
        ),
      );
    }
  });
  if (count === 0) {
    issues.push(
      error(
        'nodes',
        'controller-count',
        `mode ${mode} needs a controller: add a row such as \`{ alias: controller1, mode: controller, host: ${topology.hosts[0]?.name ?? 'P1'}, port: 8800 }\``,
      ),
    );
    return issues;
  }
  if (mode === 'cluster') {
    if (count !== 1)
      issues.push(
        mismatch(
          `nodes has ${count} controllers on ${plural(hosts.length, 'host')}, and mode cluster has exactly one controller`,
        ),
      );
    return issues;
  }
  if (count % 2 === 0 || (count < 3 && mode !== 'swarm')) {
    const advice =
      count < 3 ? 'use three controllers' : `add or remove one controller (${count - 1} or ${count + 1})`;
    issues.push(
      error(
        'nodes',
        'controller-count',
        `mode ${mode} has ${count} controllers: a Raft group needs an odd number, at least 3, so that a majority survives a failure; ${advice}${count === 1 ? ', or use mode cluster' : ''}`,
      ),
    );
    return issues;
  }
  if (mode === 'ha' || mode === 'swarm') {
    for (const [host, group] of nodesByHost(controllers)) {
      if (group.length > 1 && mode === 'swarm' && count > 1) {
        // Containers make this legal (the official single-host compose does it), but the host is
        // then a single point of failure for the Raft majority.
        issues.push(
          warning(
            `nodes[${context.nodeIndex(group[1] as TopologyNode)}].host`,
            'controller-placement',
            `${group.map((n) => n.alias).join(' and ')} both run on ${host}: if ${host} fails the Raft group may lose its majority; spread the controllers over ${count} hosts for high availability`,
          ),
        );
      } else if (group.length > 1 && mode === 'ha') {
        issues.push(
          error(
            `nodes[${context.nodeIndex(group[1] as TopologyNode)}].host`,
            'controller-placement',
            `${group.map((n) => n.alias).join(' and ')} both run on ${host}: in mode ha each controller needs its own host so that losing one server keeps a majority; move one to another host or use mode pseudo-ha`,
          ),
        );
      }
    }
  }
  if (mode === 'pseudo-ha' && hosts.length > 2) {
    issues.push(
      mismatch(
        `its ${count} controllers run on ${hosts.length} hosts, and pseudo-HA places them on one or two hosts`,
      ),
    );
  }
  return issues;
}

/** Exactly one agent on every host with data or compute nodes; data nodes exist. */
export function checkAgents(context: ValidationContext): Issue[] {
  const { topology } = context;
  if (topology.mode === 'single') return [];
  const issues: Issue[] = [];
  const byHost = nodesByHost(topology.nodes);
  for (const [host, group] of byHost) {
    const agents = group.filter((node) => node.mode === 'agent');
    const workers = group.filter((node) => node.mode === 'datanode' || node.mode === 'computenode');
    if (workers.length > 0 && agents.length === 0) {
      const first = workers[0] as TopologyNode;
      issues.push(
        error(
          `nodes[${context.nodeIndex(first)}]`,
          'missing-agent',
          `${host} runs ${workers.map((n) => n.alias).join(', ')} but no agent, and only an agent can start them: add a row \`{ alias: agent-${host}, mode: agent, host: ${host}, port: ${freePort(group)} }\``,
        ),
      );
    }
    if (agents.length > 1) {
      issues.push(
        error(
          `nodes[${context.nodeIndex(agents[1] as TopologyNode)}]`,
          'duplicate-agent',
          `${host} has ${agents.length} agents (${agents.map((n) => n.alias).join(', ')}): DolphinDB runs exactly one agent per server; remove all but one`,
        ),
      );
    }
    if (agents.length > 0 && workers.length === 0) {
      issues.push(
        warning(
          `nodes[${context.nodeIndex(agents[0] as TopologyNode)}]`,
          'unneeded-agent',
          `${agents[0]?.alias} runs on ${host}, which has no data or compute node: it has nothing to start; remove it or add a node on ${host}`,
        ),
      );
    }
  }
  if (context.dataNodes.length === 0) {
    issues.push(
      error(
        'nodes',
        'no-datanode',
        'the cluster has no data node, so it cannot store anything: add at least one row with `mode: datanode` (and an agent on its host)',
      ),
    );
  }
  return issues;
}

function summarize(nodes: readonly TopologyNode[]): string {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.mode, (counts.get(node.mode) ?? 0) + 1);
  return [...counts].map(([mode, n]) => `${n} ${mode}`).join(', ') || 'none';
}

function freePort(group: readonly TopologyNode[]): number {
  const used = new Set(group.map((node) => node.port));
  let port = Math.max(...group.map((node) => node.port)) + 1;
  while (used.has(port)) port++;
  return port;
}
