import type { CheckFinding } from '../checks/finding.js';
import type { Topology } from '../model/topology.js';
import type { PackageSource } from '../plan/plan.js';

/** The licence the deployment will run with, read and weighed against the topology. */
export async function licenseCheck(
  _topology: Topology,
  _baseDir: string,
  _source: PackageSource,
  _today: Date,
): Promise<CheckFinding[]> {
  return [];
}
