import { plural } from '../model/plural.js';
import type { Plan, Step } from '../plan/plan.js';

/**
 * What destroy will stop and remove on each host, read from its plan, for the user to see before
 * typing the cluster's name. Every path is the plan's own: this only says it shorter.
 */
export function destroyPreview(plan: Plan): string[] {
  const lines = [
    `Destroy cluster ${plan.cluster} (${plan.mode}) on ${plural(plan.hosts.length, 'host')}: ${plan.hosts.join(', ')}`,
  ];
  const workers = plan.steps.flatMap((step) =>
    step.action.type === 'stop-workers' ? step.action.workers : [],
  );
  for (const host of plan.hosts) {
    const onHost = plan.steps.filter((step) => step.host === host);
    const stopped = [
      ...workers.filter((node) => node.host === host).map((node) => node.alias),
      ...onHost.flatMap(stoppedAlias),
    ];
    lines.push(`  ${host}:`);
    if (stopped.length > 0) lines.push(`    stop     ${stopped.join(', ')} (SIGTERM and a wait)`);
    for (const step of onHost) lines.push(...removalLines(step));
  }
  return lines;
}

function stoppedAlias(step: Step): string[] {
  const { action } = step;
  if (action.type === 'stop-node') return [action.node.alias];
  if (action.type === 'stop-container') return [`${action.node.alias} (container ${action.container})`];
  return [];
}

function removalLines(step: Step): string[] {
  const { action } = step;
  switch (action.type) {
    case 'remove-container':
      return [`    remove   container ${action.container}`];
    case 'remove-network':
      return [`    remove   overlay network ${action.network}, if ddb-setup created it`];
    case 'leave-swarm':
      return [
        `    leave    the swarm, if ddb-setup ${action.role === 'manager' ? 'formed' : 'joined'} it here${action.role === 'manager' ? ' and nothing else is in it' : ''}`,
      ];
    case 'remove-created': {
      const what = [
        plural(action.files.length, 'config or script file', 'config and script files'),
        ...(action.packageDir !== undefined
          ? [`the server package it unpacked in ${action.packageDir}`]
          : []),
        'its backups and partial files, the directories it made once empty, its marker',
      ];
      const data = action.data
        ? [`    DELETE   data: ${action.dataDirs.join(', ')}`]
        : [`    keep     data: ${action.dataDirs.join(', ')} (--data deletes it)`];
      return [
        `    remove   in ${action.root}: ${what.join('; ')}`,
        ...(action.dataDirs.length > 0 ? data : []),
        `    keep     anything in ${action.root} that ddb-setup did not create`,
      ];
    }
    default:
      return [];
  }
}
