import type { ActionOf, StepKind } from '../../plan/plan.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { StepContext } from '../run-plan.js';

/**
 * One kind of step, in one file: how `ddb-setup plan` describes it and how `deploy` carries it out,
 * side by side so that what the plan shows is what runs. Registered in deploy/tasks.ts.
 */
export type Task<K extends StepKind> = {
  /**
   * What it runs, as `ddb-setup plan` prints it: remote scripts verbatim (values known only at run
   * time appear as <sha256> and <time>), transfers and DolphinDB API calls as one line each.
   */
  readonly describe: (action: ActionOf<K>) => readonly string[];
  /** Does the work, after checking the host's real state; throws StepError to fail the step. */
  readonly run: (action: ActionOf<K>, step: StepContext, deploy: DeployContext) => Promise<StepResult>;
};
