import type { NodeEndpoint } from '../../plan/plan.js';
import { nodeScript, tailScript } from '../../remote/remote-scripts.js';
import { quote } from '../../remote/shell.js';
import type { DeployContext } from '../deploy-context.js';
import { diagnoseLog } from '../diagnose-log.js';
import type { Executor } from '../executor.js';
import type { StepContext } from '../run-plan.js';
import { StepError } from '../step-error.js';
import { mustSucceed } from '../must-succeed.js';
import { ask, awaitStart } from '../node-api/node-session.js';
import { quickScriptMs } from '../script-limits.js';
import type { ActionOf } from '../../plan/plan.js';
import type { StepResult } from '../events.js';
import type { Task } from './task.js';

/**
 * Starts a controller, agent or single node with its start.sh and waits until its port answers the
 * API. A node that already answers is left alone. A node that dies or never answers fails the step
 * with the tail of its log and, when the log shows a documented failure, its cause and fix.
 */
async function run(
  action: ActionOf<'start-node'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const { node } = action;
  const executor = deploy.executor(node.host);
  if ((await ask(deploy, node, 'version()', step.signal)) !== undefined)
    return { outcome: 'unchanged', detail: 'already running' };
  const started = await executor.exec(nodeScript(action.script), {
    signal: step.signal,
    onLine: step.output,
    timeoutMs: quickScriptMs,
  });
  mustSucceed(started, `${action.script} on ${executor.host}`);
  await awaitScriptedStart(executor, node, action.script, action.logFile, step, deploy);
  return { outcome: 'done', detail: `up on ${node.address}:${node.port}` };
}

/** The pid file start.sh writes beside itself (templates/ssh/start.sh). */
export function pidFileOf(script: string): string {
  return `${script.slice(0, script.lastIndexOf('/'))}/dolphindb.pid`;
}

/**
 * Waits until a node just started with its start.sh `script` answers the API; throws the node's
 * failure (log tail, diagnosis) when its process exits or it does not answer in time.
 */
export async function awaitScriptedStart(
  executor: Executor,
  node: NodeEndpoint,
  script: string,
  logFile: string,
  step: StepContext,
  deploy: DeployContext,
): Promise<void> {
  const pidFile = pidFileOf(script);
  const answered = await awaitStart(deploy, node, step.signal, () => alive(executor, pidFile));
  if (step.signal.aborted) throw new StepError('aborted', `aborted while ${node.alias} was starting`);
  if (answered !== 'up') throw await nodeFailure(executor, node, logFile, answered, deploy);
}

async function alive(executor: Executor, pidFile: string): Promise<boolean> {
  const result = await executor.exec(
    `[ -r ${quote(pidFile)} ] && kill -0 "$(cat ${quote(pidFile)})" 2>/dev/null`,
    { timeoutMs: quickScriptMs },
  );
  return result.code === 0;
}

/** The failure of a node that did not come up: its log tail and, when recognised, cause and fix. */
export async function nodeFailure(
  executor: Executor,
  node: NodeEndpoint,
  logFile: string,
  how: 'exited' | 'timeout',
  deploy: DeployContext,
): Promise<StepError> {
  const outFile = logFile.replace(/\.log$/, '.out');
  const tail = await executor.exec(`${tailScript(logFile, 30)}; ${tailScript(outFile, 10)}`, {
    timeoutMs: quickScriptMs,
  });
  const logTail = tail.stdout.split('\n').filter((line) => line.trim() !== '');
  const diagnosis = diagnoseLog(logTail);
  const message =
    how === 'exited'
      ? `${node.alias} exited during start-up`
      : `${node.alias} did not answer on ${node.address}:${node.port} within ${Math.round(deploy.startTimeoutMs / 1000)} s`;
  return new StepError('node-failed', diagnosis ? `${message}: ${diagnosis.cause}` : message, {
    ...(diagnosis
      ? { cause: diagnosis.cause, fix: diagnosis.fix }
      : { fix: `read ${logFile} on ${executor.host}` }),
    logTail: logTail.slice(-15),
  });
}

function describe(action: ActionOf<'start-node'>): string[] {
  return [
    nodeScript(action.script),
    `wait until ${action.node.address}:${action.node.port} answers the DolphinDB API (log: ${action.logFile})`,
  ];
}

export const startNode: Task<'start-node'> = { describe, run };
