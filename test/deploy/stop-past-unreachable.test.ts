/**
 * `stop` with a host that cannot be reached: everything reachable is stopped in the documented
 * order (workers, agents, controllers), the processes on the lost host are named with the
 * connection's own words, and the run is not ok. A real failure on a reachable host still holds
 * back what must come after it.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DeployContext } from '../../source/deploy/deploy-context.js';
import type { Executor, ExecResult } from '../../source/deploy/executor.js';
import { runPlan } from '../../source/deploy/run-plan.js';
import { StepError } from '../../source/deploy/step-error.js';
import { createStepRunner } from '../../source/deploy/tasks.js';
import type { NodeEndpoint, Plan, Step } from '../../source/plan/plan.js';

const noAnswer = 'P3 (root@10.0.0.82:22): no answer (ETIMEDOUT)';

/** An executor that records each script; P3's never connects, `failing` scripts exit 1. */
function fakeHost(
  host: string,
  ran: string[],
  failing: RegExp | undefined,
  listening: readonly number[] = [],
): Executor {
  const refuse = () =>
    Promise.reject(
      new StepError('unreachable', noAnswer, {
        fix: 'check that the host is up and that no firewall blocks the SSH port',
      }),
    );
  return {
    host,
    exec: (script): Promise<ExecResult> => {
      if (host === 'P3') return refuse();
      if (script !== 'true') ran.push(`${host}: ${script}`);
      if (failing?.test(script))
        return Promise.resolve({ code: 1, stdout: '', stderr: 'kill: permission denied' });
      return Promise.resolve({ code: 0, stdout: 'stopped\n', stderr: '' });
    },
    upload: () => Promise.reject(new Error('no uploads in stop')),
    writeFiles: () => Promise.reject(new Error('no files in stop')),
    // No controller answers the API (a stream that never speaks); a worker's port is open only
    // when listed, else refused by the host, as sshd refuses a forward to a closed port.
    openStream: (_address, port) =>
      host === 'P3'
        ? refuse()
        : listening.includes(port)
          ? Promise.resolve(new PassThrough())
          : Promise.reject(new Error('(SSH) Channel open failure: Connection refused')),
    close: () => Promise.resolve(),
  };
}

const endpoint = (alias: string, host: string, port: number): NodeEndpoint => ({
  alias,
  host,
  address: host,
  port,
});

/** The stop plan of a cluster whose data nodes live on `workersOn`, as stopPlan orders it. */
function stopPlanOf(workersOn = 'P3'): Plan {
  const controller = endpoint('controller1', 'P1', 8900);
  const stop = (node: NodeEndpoint, phase: Step['phase'], after: string[]): Step => ({
    id: `stop/${node.alias}`,
    phase,
    host: node.host,
    node: node.alias,
    title: `stop ${node.alias}`,
    after,
    action: { type: 'stop-node', node, script: `/opt/x/nodes/${node.alias}/stop.sh` },
  });
  return {
    cluster: 'demo',
    mode: 'cluster',
    version: '2.00.11.3',
    hosts: [],
    packageSource: { kind: 'file', path: '/p.zip', fileName: 'p.zip' },
    steps: [
      {
        id: 'stop-workers',
        phase: 'stop-workers',
        host: null,
        node: null,
        title: 'stop 2 data and compute nodes',
        after: [],
        action: {
          type: 'stop-workers',
          controllers: [controller],
          workers: [endpoint('datanode3', workersOn, 8902), endpoint('computenode3', workersOn, 8903)],
        },
      },
      stop(endpoint('agent1', 'P1', 8901), 'stop-agents', ['stop-workers']),
      stop(endpoint('agent3', 'P3', 8901), 'stop-agents', ['stop-workers']),
      stop(controller, 'stop-controllers', ['stop-workers', 'stop/agent1', 'stop/agent3']),
    ],
  };
}

async function runStop(failing?: RegExp, workersOn = 'P3', listening: readonly number[] = []) {
  const ran: string[] = [];
  const hosts = new Map(['P1', 'P3'].map((host) => [host, fakeHost(host, ran, failing, listening)]));
  const context = {
    executor: (host: string) => hosts.get(host) as Executor,
    admin: { logIn: () => Promise.resolve() },
    startTimeoutMs: 200,
    archiveChecksums: new Map(),
  } as unknown as DeployContext;
  const report = await runPlan(stopPlanOf(workersOn), { run: createStepRunner(context) });
  return { ran, report, step: (id: string) => report.steps.find((s) => s.id === id) };
}

describe('stop with a host that cannot be reached', () => {
  it('stops every reachable process in order and names each one left, with the reason', async () => {
    const { ran, report, step } = await runStop();
    // The agent before the controller, as the documented order asks.
    expect(ran).toEqual(['P1: sh /opt/x/nodes/agent1/stop.sh', 'P1: sh /opt/x/nodes/controller1/stop.sh']);
    expect(report.ok).toBe(false);
    expect(step('stop/controller1')?.state).toBe('done');
    expect(step('stop-workers')?.failure).toMatchObject({
      kind: 'unreachable',
      message: `0 stopped, 2 not reached: datanode3, computenode3 (${noAnswer})`,
      notReached: [
        { node: 'datanode3', host: 'P3', reason: noAnswer },
        { node: 'computenode3', host: 'P3', reason: noAnswer },
      ],
    });
    expect(step('stop/agent3')?.failure).toMatchObject({
      message: `agent3 not stopped: ${noAnswer}`,
      notReached: [{ node: 'agent3', host: 'P3', reason: noAnswer }],
    });
    expect(step('stop/agent3')?.failure?.fix).toContain('then run the same command again');
  });

  it('a stop that fails on a reachable host still holds back the controllers', async () => {
    const { ran, report, step } = await runStop(/agent1/);
    expect(ran).toEqual(['P1: sh /opt/x/nodes/agent1/stop.sh']);
    expect(report.ok).toBe(false);
    expect(step('stop/agent1')?.failure?.notReached).toBeUndefined();
    expect(step('stop/controller1')).toMatchObject({ state: 'blocked', blockedBy: 'stop/agent1' });
  });

  it('without a leader, data nodes whose ports are closed on their hosts were not running: stop goes on', async () => {
    const { ran, step } = await runStop(undefined, 'P1');
    expect(step('stop-workers')).toMatchObject({ state: 'unchanged' });
    expect(ran).toContain('P1: sh /opt/x/nodes/controller1/stop.sh');
  });

  it('without a leader, a data node whose port still answers is named and holds the rest back', async () => {
    const { ran, step } = await runStop(undefined, 'P1', [8903]);
    expect(step('stop-workers')?.failure?.message).toBe(
      'no controller is leader: data and compute nodes cannot be stopped through it; still running: computenode3',
    );
    expect(step('stop-workers')?.failure?.notReached).toBeUndefined();
    expect(ran).toEqual([]);
  });
});
