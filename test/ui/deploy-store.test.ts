import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeployStore } from '../../source/ui/deploy/deploy-store.js';
import { planned, step } from '../helpers/plans.js';

afterEach(() => {
  vi.useRealTimers();
});

function haStore(options: { logLines?: number; tailLines?: number } = {}) {
  const { topology, plan } = planned({ mode: 'ha' });
  let now = 1_000;
  const store = new DeployStore(plan, topology, { now: () => now, flushMs: 50, ...options });
  return { store, plan, topology, tick: (ms: number) => (now += ms) };
}

describe('DeployStore', () => {
  it('makes a pane per host with a set-up line and a line per process, plus the cluster pane', () => {
    const { store } = haStore();
    const { panes } = store.getSnapshot();
    expect(panes.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'cluster']);
    expect(panes[0]?.rows.map((r) => `${r.label}:${r.state}`)).toEqual([
      'host set-up:waiting',
      'controller1:waiting',
      'agent1:waiting',
      'datanode1:waiting',
      'computenode1:waiting',
    ]);
    expect(panes[3]?.rows.map((r) => r.key)).toEqual(['elect', 'start-workers', 'verify']);
  });

  it('batches events: many events, one snapshot per flush', () => {
    vi.useFakeTimers();
    const { store, plan } = haStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.beginRun();
    listener.mockClear();
    const transfer = step(plan, 'P1/package');
    store.apply({ type: 'step-started', step: transfer });
    for (let i = 1; i <= 500; i++) store.apply({ type: 'step-output', step: transfer, line: `line ${i}` });
    store.apply({ type: 'step-progress', step: transfer, done: 50, total: 100, unit: 'bytes' });
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(listener).toHaveBeenCalledTimes(1);
    const row = store.getSnapshot().panes[0]?.rows[0];
    expect(row).toMatchObject({
      state: 'running',
      title: 'transfer DolphinDB.zip',
      progress: { done: 50, total: 100, unit: 'bytes' },
    });
    expect(row?.tail).toEqual(['line 496', 'line 497', 'line 498', 'line 499', 'line 500']);
    expect(store.getSnapshot().panes[0]?.lineCount).toBe(500);
  });

  it("shows a step's own progress, not the one of the step before on the same line", () => {
    const { store, plan } = haStore();
    store.beginRun();
    const prepare = step(plan, 'P1/prepare');
    store.apply({ type: 'step-started', step: prepare });
    store.apply({ type: 'step-progress', step: prepare, done: 28, total: 28, unit: 'files' });
    store.apply({ type: 'step-finished', step: prepare, outcome: 'done' });
    store.apply({ type: 'step-started', step: step(plan, 'P1/package') });
    store.flush();
    const row = store.getSnapshot().panes[0]?.rows[0];
    expect(row?.title).toBe('transfer DolphinDB.zip');
    expect(row?.progress).toBeUndefined();
  });

  it('folds a repeated line into a count and caps the full log', () => {
    const { store, plan } = haStore({ logLines: 10 });
    const prepare = step(plan, 'P2/prepare');
    store.beginRun();
    for (let i = 0; i < 4; i++)
      store.apply({ type: 'step-output', step: prepare, line: 'waiting for dpkg lock' });
    for (let i = 1; i <= 30; i++) store.apply({ type: 'step-output', step: prepare, line: `n${i}` });
    store.flush();
    const log = store.paneLog('P2');
    expect(log).toHaveLength(10);
    expect(log.at(-1)).toBe('host set-up: n30');
    for (let i = 0; i < 3; i++) store.apply({ type: 'step-output', step: prepare, line: 'same' });
    store.flush();
    expect(store.getSnapshot().panes[1]?.rows[0]?.tail.at(-1)).toBe('same (×3)');
  });

  it('shows a failure with its cause and fix, and the steps it blocked', () => {
    const { store, plan, tick } = haStore();
    store.beginRun();
    const start = step(plan, 'start/controller2');
    store.apply({ type: 'step-started', step: start });
    tick(3_000);
    store.apply({
      type: 'step-failed',
      step: start,
      failure: {
        kind: 'node-failed',
        message: 'port 8800 is in use',
        cause: 'another process listens',
        fix: 'stop it',
      },
    });
    store.apply({ type: 'step-blocked', step: step(plan, 'elect'), by: 'start/controller2' });
    store.endRun({ ok: false, aborted: false });
    const snapshot = store.getSnapshot();
    const controller = snapshot.panes[1]?.rows.find((r) => r.key === 'controller2');
    expect(controller).toMatchObject({
      state: 'failed',
      startedAt: 1_000,
      finishedAt: 4_000,
      failure: { fix: 'stop it' },
    });
    expect(snapshot.panes[1]?.state).toBe('failed');
    expect(snapshot.panes[3]?.rows[0]).toMatchObject({ state: 'blocked', blockedBy: 'start/controller2' });
    expect(snapshot.totals).toMatchObject({ failed: 1, running: 0 });
    expect(snapshot.outcome).toEqual({ ok: false, aborted: false });
    // The cause and the fix are in the full log too: it is where they are read whole.
    expect(store.paneLog('P2')).toEqual([
      'controller2: ✗ port 8800 is in use',
      'controller2: cause: another process listens',
      'controller2: fix: stop it',
    ]);
  });

  it('mirrors the cluster step that starts data and compute nodes on their lines, and finds the leader', () => {
    const { store, plan } = haStore();
    store.beginRun();
    const workers = step(plan, 'start-workers');
    store.apply({ type: 'step-started', step: workers });
    store.apply({ type: 'step-progress', step: workers, done: 2, total: 6, unit: 'nodes' });
    store.flush();
    expect(store.getSnapshot().panes[2]?.rows.find((r) => r.key === 'datanode3')).toMatchObject({
      state: 'running',
      progress: { done: 2, total: 6 },
    });
    store.apply({
      type: 'step-finished',
      step: step(plan, 'elect'),
      outcome: 'done',
      detail: 'leader: controller3',
      leader: 'controller3',
    });
    store.flush();
    expect(store.getSnapshot().leader).toBe('controller3');
  });

  it('a retry resets the states and keeps the output', () => {
    const { store, plan } = haStore();
    store.beginRun();
    const prepare = step(plan, 'P1/prepare');
    store.apply({ type: 'step-output', step: prepare, line: 'first run' });
    store.apply({
      type: 'step-failed',
      step: prepare,
      failure: { kind: 'unreachable', message: 'no answer' },
    });
    store.endRun({ ok: false, aborted: false });
    store.beginRun();
    const snapshot = store.getSnapshot();
    expect(snapshot.run).toBe(2);
    expect(snapshot.running).toBe(true);
    expect(snapshot.outcome).toBeUndefined();
    expect(snapshot.panes[0]?.rows[0]?.state).toBe('waiting');
    expect(store.paneLog('P1')).toEqual([
      'host set-up: first run',
      'host set-up: ✗ no answer',
      '── run 2 ──',
    ]);
  });
});

describe('DeployStore row titles', () => {
  it('names the step still running, not one that started later and finished (files written beside a transfer)', () => {
    const { topology, plan } = planned({ mode: 'ha' });
    const store = new DeployStore(plan, topology, { now: () => 0 });
    store.beginRun();
    store.apply({ type: 'step-started', step: step(plan, 'P1/package') });
    store.apply({ type: 'step-started', step: step(plan, 'P1/configure') });
    store.apply({ type: 'step-finished', step: step(plan, 'P1/configure'), outcome: 'done' });
    store.flush();
    expect(store.getSnapshot().panes[0]?.rows[0]).toMatchObject({
      state: 'running',
      title: 'transfer DolphinDB.zip',
    });
  });
});
