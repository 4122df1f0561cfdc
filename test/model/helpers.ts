import { expect } from 'vitest';
import type { Issue } from '../../source/model/issues.js';
import { templateTopology, type TemplateOptions } from '../../source/model/template-topology.js';
import type {
  ConfigSectionName,
  ConfigValue,
  DeploymentMode,
  Topology,
  TopologyHost,
  TopologyNode,
} from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';

/** An expected error, written out here rather than built by the model's own constructor. */
export function err(path: string, code: string, message: string): Issue {
  return { level: 'error', path, code, message };
}

/** An expected warning. */
export function warn(path: string, code: string, message: string): Issue {
  return { level: 'warning', path, code, message };
}

const defaultHostCount: Record<DeploymentMode, number> = {
  single: 1,
  cluster: 2,
  'pseudo-ha': 2,
  ha: 3,
  swarm: 3,
};

/**
 * A valid topology as `ddb-setup template` makes it, on hosts P1, P2, … at 10.0.0.80, .81, …, with
 * an enterprise licence so that the community-licence warnings stay out of the way.
 */
export function base(
  mode: DeploymentMode,
  hosts = defaultHostCount[mode],
  options: Partial<TemplateOptions> = {},
): Topology {
  const addresses = Array.from({ length: hosts }, (_, i) => `10.0.0.${80 + i}`);
  return templateTopology({ mode, addresses, license: './dolphindb.lic', ...options });
}

/** A copy of the topology with one change applied; the original is left alone. */
export function edit(topology: Topology, change: (draft: Topology) => void): Topology {
  const draft = structuredClone(topology);
  change(draft);
  return draft;
}

/** The node at an index, failing the test if there is none. */
export function nodeAt(topology: Topology, index: number): TopologyNode {
  const node = topology.nodes[index];
  if (!node) throw new Error(`no nodes[${index}] in ${JSON.stringify(topology.nodes)}`);
  return node;
}

/** The host at an index, failing the test if there is none. */
export function hostAt(topology: Topology, index: number): TopologyHost {
  const host = topology.hosts[index];
  if (!host) throw new Error(`no hosts[${index}] in ${JSON.stringify(topology.hosts)}`);
  return host;
}

/** Index of the node with this alias, failing the test if there is none. */
export function indexOf(topology: Topology, alias: string): number {
  const index = topology.nodes.findIndex((node) => node.alias === alias);
  if (index < 0) throw new Error(`no node ${alias}`);
  return index;
}

/** A copy with keys added to (or replaced in) one config section. */
export function withConfig(
  topology: Topology,
  section: ConfigSectionName,
  values: Record<string, ConfigValue>,
): Topology {
  return edit(topology, (t) => {
    t.config = { ...t.config, [section]: { ...t.config?.[section], ...values } };
  });
}

/** One rule: a topology that breaks it, the exact finding, and the minimal fix. */
export type RuleCase = {
  readonly name: string;
  readonly failing: Topology;
  /** Every finding with this code, exactly (usually one). */
  readonly expected: Issue | readonly Issue[];
  readonly passing: Topology;
};

/** Findings of one code. */
export function issuesWithCode(topology: Topology, code: string): Issue[] {
  return validateTopology(topology).filter((issue) => issue.code === code);
}

/** The failing topology draws exactly the expected findings of that code; the fix draws none and no error. */
export function expectRule({ failing, expected, passing }: RuleCase): void {
  const list: readonly Issue[] = Array.isArray(expected) ? expected : [expected as Issue];
  const code = list[0]?.code ?? '';
  expect(issuesWithCode(failing, code)).toEqual(list);
  const after = validateTopology(passing);
  expect(after.filter((issue) => issue.code === code)).toEqual([]);
  expect(after.filter((issue) => issue.level === 'error')).toEqual([]);
}
