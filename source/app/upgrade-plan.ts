import type { Executor } from '../deploy/executor.js';
import type { NodeAccess } from '../deploy/node-api/node-session.js';
import { deriveTopology } from '../model/derive.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import { needsChangePlan, type Change } from '../plan/difference/change.js';
import { differenceOf } from '../plan/difference/difference.js';
import { planChange, planUpgrade } from '../plan/planners.js';
import type { DeployedState } from './deployed-state.js';
import { removalRefusal } from './removal-check.js';
import { decideUpgrade } from '../plan/upgrade-decision.js';
import type { UpgradeFrom } from '../plan/upgrade-from.js';
import type { RenderedFile } from '../render/render-files.js';
import { readRunningVersions } from './running-version.js';

/**
 * The plan a deploy runs once the hosts have been read: its own, an upgrade, or a change of the
 * running cluster (with the changes it applies); or a refusal.
 */
export type HostsPlan =
  | { readonly plan: Plan; readonly upgrade?: UpgradeFrom; readonly change?: readonly Change[] }
  | { readonly refused: { readonly message: string; readonly fix: string } };

/**
 * Reads what version the hosts run (app/running-version.ts) and, when it is another than the
 * topology's, builds the upgrade from it instead of `deployPlan`. Reads only: a refusal leaves every
 * host as it was.
 */
export async function planForHosts(
  input: {
    readonly topology: Topology;
    readonly files: readonly RenderedFile[];
    readonly baseDir: string;
    readonly deployPlan: Plan;
  },
  executors: ReadonlyMap<string, Executor>,
  access: NodeAccess,
  options: {
    readonly allowDowngrade: boolean;
    readonly signal: AbortSignal;
    /** What is deployed (app/deployed-state.ts), read alongside. */
    readonly deployed: Promise<DeployedState>;
  },
): Promise<HostsPlan> {
  const reading = await readRunningVersions(input.topology, executors, access, options.signal);
  const decision = decideUpgrade(deriveTopology(input.topology), reading, {
    allowDowngrade: options.allowDowngrade,
    packageName: input.deployPlan.packageSource?.fileName,
  });
  if (decision.kind === 'deploy') {
    const chosen = changePlanFor(input, await options.deployed);
    const refused = chosen.change ? await removalRefusal(chosen.plan, access, options.signal) : undefined;
    return refused ? { refused } : chosen;
  }
  if (decision.kind === 'refused') return { refused: decision };
  const plan = planUpgrade(input.topology, input.files, input.baseDir, decision.upgrade);
  if (!plan)
    return {
      refused: {
        message: `mode ${input.topology.mode} runs ${decision.upgrade.from} from an image; ddb-setup does not change an image's version`,
        fix: `set server.version back to ${decision.upgrade.from}, or deploy the new image as a new cluster`,
      },
    };
  return { plan, upgrade: decision.upgrade };
}

/**
 * A running cluster whose topology changed in ways only a change plan applies (nodes, controllers,
 * config keys to roll) gets that plan, when every change is one deploy applies and nothing drifted;
 * otherwise the deployment's own plan, which deploy's gate (cli/deployed-gate.ts) then refuses
 * with what to do.
 */
export function changePlanFor(
  input: {
    readonly topology: Topology;
    readonly files: readonly RenderedFile[];
    readonly baseDir: string;
    readonly deployPlan: Plan;
  },
  deployed: DeployedState,
): { readonly plan: Plan; readonly change?: readonly Change[] } {
  if (deployed.state !== 'deployed') return { plan: input.deployPlan };
  const changes = differenceOf(deployed.applied, input.topology);
  if (!needsChangePlan(changes) || changes.some((c) => !c.deployApplies) || deployed.drift.length > 0)
    return { plan: input.deployPlan };
  const plan = planChange(input.topology, input.files, input.baseDir, deployed.applied);
  return plan ? { plan, change: changes } : { plan: input.deployPlan };
}
