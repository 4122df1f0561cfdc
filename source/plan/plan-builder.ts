import type { Topology } from '../model/topology.js';
import type { PackageSource, Plan, Step } from './plan.js';

/** Collects the steps of a plan in order; every operation's plan is built with one. */
export type PlanBuilder = {
  /** Appends a step and returns its id, for the `after` of the steps that need it. */
  readonly add: (step: Step) => string;
  /** The plan of `topology` on `hosts` with the steps added so far. */
  readonly plan: (topology: Topology, hosts: readonly string[], packageSource?: PackageSource) => Plan;
};

export function planBuilder(): PlanBuilder {
  const steps: Step[] = [];
  return {
    add(step) {
      steps.push(step);
      return step.id;
    },
    plan: (topology, hosts, packageSource) => ({
      cluster: topology.name,
      mode: topology.mode,
      version: topology.server.version,
      hosts,
      ...(packageSource ? { packageSource } : {}),
      steps: [...steps],
    }),
  };
}
