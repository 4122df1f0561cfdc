import type { ScriptedProcess } from '../../plan/change-actions.js';
import { nodeScript } from '../../remote/remote-scripts.js';
import type { DeployContext } from '../deploy-context.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { awaitScriptedStart } from './start-node.js';

/**
 * Restarts a controller, agent or single node with its own scripts: stop.sh (SIGTERM and wait),
 * start.sh, then waits until it answers the API as start-node does (a failure carries its log).
 */
export async function restartProcess(
  process: ScriptedProcess,
  step: StepContext,
  deploy: DeployContext,
): Promise<void> {
  const executor = deploy.executor(process.node.host);
  step.output(`restart ${process.node.alias}`);
  for (const script of [process.stop, process.start])
    mustSucceed(
      await executor.exec(nodeScript(script), { signal: step.signal, onLine: step.output }),
      `${script} on ${executor.host}`,
    );
  await awaitScriptedStart(executor, process.node, process.start, process.logFile, step, deploy);
}

/** What {@link restartProcess} runs, as `ddb-setup plan` prints it. */
export function describeRestart(process: ScriptedProcess): string[] {
  const { node } = process;
  return [
    nodeScript(process.stop),
    nodeScript(process.start),
    `wait until ${node.address}:${node.port} answers the DolphinDB API (log: ${process.logFile})`,
  ];
}

/** Seconds since `since`, one decimal, for a step's detail. */
export function secondsSince(since: number, now = Date.now()): string {
  return `${((now - since) / 1000).toFixed(1)} s`;
}
