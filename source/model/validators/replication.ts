import { plural } from '../plural.js';
import { error, type Issue } from '../issues.js';
import { settingsMap } from '../settings.js';
import { configPath, isClusterMode, userSet, type ValidationContext } from './context.js';

/**
 * Replication settings against the data nodes: Raft needs dfsReplicationFactor ≥ 2 (seed 001 §3),
 * writes fail while fewer data nodes than the factor are online (facts §2.5), and level 1 needs the
 * data nodes on at least `factor` servers (a pseudo-HA on one server can never place replicas).
 */
export function checkReplication(context: ValidationContext): Issue[] {
  const { topology } = context;
  if (!isClusterMode(topology)) return [];
  const settings = settingsMap(context.settings.controller);
  const issues: Issue[] = [];
  const factorPath = pathFor(context, 'dfsReplicationFactor');
  const levelPath = pathFor(context, 'dfsReplicaReliabilityLevel');
  const factorText = settings.get('dfsReplicationFactor') ?? '2';
  const levelText = settings.get('dfsReplicaReliabilityLevel') ?? '0';
  const factor = Number(factorText);
  const level = Number(levelText);
  if (!/^\d+$/.test(factorText) || factor < 1) {
    issues.push(
      error(
        factorPath,
        'invalid-config-value',
        `dfsReplicationFactor is "${factorText}": use a whole number of replicas, 1 or more (2 for high availability)`,
      ),
    );
    return issues;
  }
  if (!/^[012]$/.test(levelText)) {
    issues.push(
      error(
        levelPath,
        'invalid-config-value',
        `dfsReplicaReliabilityLevel is "${levelText}": use 0 (replicas may share a server), 1 (never) or 2 (spread when possible)`,
      ),
    );
  }
  if (context.raft && factor < 2) {
    issues.push(
      error(
        factorPath,
        'raft-replication-factor',
        `mode ${topology.mode} runs a Raft group, which needs dfsReplicationFactor of 2 or more (it is ${factor}): set \`dfsReplicationFactor: 2\``,
      ),
    );
  }
  const dataNodes = context.dataNodes.length;
  if (dataNodes > 0 && factor > dataNodes) {
    issues.push(
      error(
        factorPath,
        'replication-exceeds-datanodes',
        `dfsReplicationFactor is ${factor} but there ${dataNodes === 1 ? 'is' : 'are'} ${plural(dataNodes, 'data node')}, and writes fail while fewer data nodes than replicas are online: lower it to ${Math.max(1, Math.min(dataNodes, 2))} or add data nodes`,
      ),
    );
  }
  const dataHosts = [...new Set(context.dataNodes.map((node) => node.host))];
  if (level === 1 && dataNodes > 0 && dataHosts.length < factor) {
    const where =
      dataHosts.length === 1
        ? `all data nodes run on ${dataHosts[0]}`
        : `the data nodes run on ${dataHosts.length} hosts (${dataHosts.join(', ')})`;
    issues.push(
      error(
        levelPath,
        'replica-placement',
        `dfsReplicaReliabilityLevel=1 keeps the ${factor} replicas of a chunk on different servers, but ${where}, so no replica can ever be placed: use level 2 (spread when possible) or 0, or put data nodes on ${factor} hosts`,
      ),
    );
  }
  return issues;
}

function pathFor(context: ValidationContext, key: string): string {
  return userSet(context.topology, 'controller', key) ? configPath('controller', key) : 'config.controller';
}
