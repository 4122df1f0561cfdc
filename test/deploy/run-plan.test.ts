import { describe, expect, it } from 'vitest';
import { onAbort } from '../../source/deploy/abort-listeners.js';
import type { DeployEvent } from '../../source/deploy/events.js';
import { runPlan, type StepContext } from '../../source/deploy/run-plan.js';
import { StepError } from '../../source/deploy/step-error.js';
import type { Plan, Step } from '../../source/plan/plan.js';

/** A plan of bare steps: only ids, hosts and prerequisites matter to the engine. */
function planOf(...steps: [id: string, after: string[]][]): Plan {
  return {
    cluster: 't',
    mode: 'cluster',
    version: '2.00.11.3',
    hosts: [],
    packageSource: { kind: 'file', path: '/p.zip', fileName: 'p.zip' },
    steps: steps.map(([id, after]): Step => ({
      id,
      phase: 'prepare',
      host: id.split('/')[0] ?? null,
      node: null,
      title: id,
      after,
      action: { type: 'prepare-host', cluster: 't', clusterDir: '/x', dirs: [] },
    })),
  };
}

/**
 * A recording runner: each step waits until the test releases it, so the test decides the order in
 * which steps finish and can see exactly which ones run at the same time.
 */
function recorder() {
  const started: string[] = [];
  const live = new Set<string>();
  let peak = 0;
  const gates = new Map<string, { release: () => void; fail: (error: Error) => void }>();
  const waiters: (() => void)[] = [];
  const run = (context: StepContext) =>
    new Promise<{ outcome: 'done' }>((resolve, reject) => {
      started.push(context.step.id);
      live.add(context.step.id);
      peak = Math.max(peak, live.size);
      // As the tasks wait for the abort: one listener on the run's signal for every step.
      const stopWaiting = onAbort(context.signal, () => {
        live.delete(context.step.id);
        reject(new Error('aborted'));
      });
      gates.set(context.step.id, {
        release: () => {
          stopWaiting();
          live.delete(context.step.id);
          resolve({ outcome: 'done' });
        },
        fail: (error) => {
          stopWaiting();
          live.delete(context.step.id);
          reject(error);
        },
      });
      waiters.splice(0).forEach((wake) => wake());
    });
  /** Resolves once `id` has started. */
  const whenStarted = async (id: string): Promise<void> => {
    while (!gates.has(id)) await new Promise<void>((wake) => waiters.push(wake));
  };
  const release = async (id: string) => {
    await whenStarted(id);
    gates.get(id)?.release();
  };
  const fail = async (id: string, error: Error) => {
    await whenStarted(id);
    gates.get(id)?.fail(error);
  };
  return { run, started, live, release, fail, whenStarted, peak: () => peak };
}

describe('runPlan', () => {
  it('starts a step only after every prerequisite succeeded', async () => {
    const plan = planOf(['A/prepare', []], ['B/prepare', []], ['elect', ['A/prepare', 'B/prepare']]);
    const r = recorder();
    const done = runPlan(plan, { run: r.run });
    await r.whenStarted('A/prepare');
    await r.whenStarted('B/prepare');
    await r.release('A/prepare');
    // B still runs, so elect must not have started.
    expect(r.started).toEqual(['A/prepare', 'B/prepare']);
    await r.release('B/prepare');
    await r.release('elect');
    const report = await done;
    expect(r.started).toEqual(['A/prepare', 'B/prepare', 'elect']);
    expect(report.ok).toBe(true);
  });

  it('runs the steps after a failure that only names what it could not reach; the run still fails', async () => {
    const plan = planOf(
      ['stop-workers', []],
      ['P1/agent', ['stop-workers']],
      ['P1/controller', ['P1/agent']],
    );
    const r = recorder();
    const done = runPlan(plan, { run: r.run });
    await r.fail(
      'stop-workers',
      new StepError('unreachable', '0 stopped, 1 not reached: datanode3 (P3: no answer)', {
        notReached: [{ node: 'datanode3', host: 'P3', reason: 'P3: no answer' }],
      }),
    );
    await r.release('P1/agent');
    await r.release('P1/controller');
    const report = await done;
    expect(r.started).toEqual(['stop-workers', 'P1/agent', 'P1/controller']);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.state)).toEqual(['failed', 'done', 'done']);
  });

  it('never runs more steps at once than the concurrency cap', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `H${i}/package`);
    const r = recorder();
    const done = runPlan(planOf(...ids.map((id): [string, string[]] => [id, []])), {
      run: r.run,
      concurrency: 3,
    });
    await r.whenStarted('H2/package');
    expect(r.live.size).toBe(3);
    for (const id of ids) await r.release(id);
    expect((await done).ok).toBe(true);
    expect(r.peak()).toBe(3);
    expect(r.started).toEqual(ids);
  });

  it('blocks only the steps that need a failed one; other hosts finish', async () => {
    const plan = planOf(
      ['P1/package', []],
      ['P2/package', []],
      ['P1/unpack', ['P1/package']],
      ['P2/unpack', ['P2/package']],
      ['elect', ['P1/unpack', 'P2/unpack']],
      ['verify', ['elect']],
    );
    const r = recorder();
    const events: DeployEvent[] = [];
    const done = runPlan(plan, { run: r.run, onEvent: (event) => events.push(event) });
    await r.fail('P2/package', new StepError('unreachable', 'P2 (10.0.0.81) does not answer'));
    await r.release('P1/package');
    await r.release('P1/unpack');
    const report = await done;
    expect(report.ok).toBe(false);
    expect(Object.fromEntries(report.steps.map((s) => [s.id, s.state]))).toEqual({
      'P1/package': 'done',
      'P2/package': 'failed',
      'P1/unpack': 'done',
      'P2/unpack': 'blocked',
      elect: 'blocked',
      verify: 'blocked',
    });
    expect(report.steps.find((s) => s.id === 'P2/package')?.failure).toEqual({
      kind: 'unreachable',
      message: 'P2 (10.0.0.81) does not answer',
    });
    expect(report.steps.find((s) => s.id === 'verify')?.blockedBy).toBe('elect');
    expect(events.filter((e) => e.type === 'step-blocked').map((e) => e.step.id)).toEqual([
      'P2/unpack',
      'elect',
      'verify',
    ]);
  });

  it('starts nothing after an abort and reports running steps as aborted', async () => {
    const controller = new AbortController();
    const plan = planOf(['A/package', []], ['A/unpack', ['A/package']]);
    const r = recorder();
    const done = runPlan(plan, { run: r.run, signal: controller.signal });
    await r.whenStarted('A/package');
    controller.abort();
    const report = await done;
    expect(report.aborted).toBe(true);
    expect(report.steps).toEqual([
      {
        id: 'A/package',
        state: 'failed',
        failure: { kind: 'aborted', message: 'aborted before it finished' },
      },
      { id: 'A/unpack', state: 'blocked', blockedBy: 'A/package' },
    ]);
    expect(r.started).toEqual(['A/package']);
  });

  it('reports unchanged steps as successes that unblock the next', async () => {
    const plan = planOf(['A/configure', []], ['start/a', ['A/configure']]);
    const seen: string[] = [];
    const report = await runPlan(plan, {
      run: async ({ step }) => {
        seen.push(step.id);
        return step.id === 'A/configure' ? { outcome: 'unchanged' } : { outcome: 'done', detail: 'pid 42' };
      },
    });
    expect(seen).toEqual(['A/configure', 'start/a']);
    expect(report).toEqual({
      ok: true,
      aborted: false,
      steps: [
        { id: 'A/configure', state: 'unchanged' },
        { id: 'start/a', state: 'done' },
      ],
    });
  });

  it('blocks a cycle instead of waiting forever', async () => {
    const report = await runPlan(planOf(['a', ['b']], ['b', ['a']]), {
      run: async () => ({ outcome: 'done' }),
    });
    expect(report.steps.map((s) => s.state)).toEqual(['blocked', 'blocked']);
  });
});
