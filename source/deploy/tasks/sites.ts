import type { NodeEndpoint } from '../../plan/plan.js';

/** Processes as the plan names them: `controller1 (10.0.0.80:8800), …`. */
export function sites(nodes: readonly NodeEndpoint[]): string {
  return nodes.map((node) => `${node.alias} (${node.address}:${node.port})`).join(', ');
}
