import { Box } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { DeployStore } from '../../source/ui/deploy/deploy-store.js';
import { planPanes } from '../../source/ui/deploy/pane-layout.js';
import { DeployStep } from '../../source/wizard/steps/DeployStep.js';
import { keys } from '../helpers/keys.js';
import { planned, step } from '../helpers/plans.js';
import { render } from '../helpers/render.js';

/** A 10-host cluster mid-deployment: 7 hosts ready (waiting for the cluster), 2 transferring, 1 failed. */
function tenHosts() {
  const { topology, plan } = planned({
    mode: 'cluster',
    addresses: Array.from({ length: 10 }, (_, i) => `10.0.1.${i + 1}`),
  });
  const store = new DeployStore(plan, topology, { now: () => 60_000, flushMs: 10 });
  store.beginRun();
  for (const s of plan.steps) {
    const host = s.host ?? '';
    if (['P8', 'P9', 'P10'].includes(host) || s.host === null) continue;
    store.apply({ type: 'step-started', step: s });
    store.apply({ type: 'step-finished', step: s, outcome: 'done' });
  }
  for (const host of ['P8', 'P9']) {
    const transfer = step(plan, `${host}/package`);
    store.apply({ type: 'step-started', step: transfer });
    store.apply({
      type: 'step-progress',
      step: transfer,
      done: 300 * 1048576,
      total: 1000 * 1048576,
      unit: 'bytes',
    });
    store.apply({ type: 'step-output', step: transfer, line: `downloading on ${host}` });
  }
  const failed = step(plan, 'P10/prepare');
  store.apply({ type: 'step-started', step: failed });
  store.apply({
    type: 'step-failed',
    step: failed,
    failure: {
      kind: 'refused',
      message: '/opt/dolphindb/ddb exists and was not created by ddb-setup',
      fix: 'move it away, or choose another deployDir',
    },
  });
  store.flush();
  return { store, plan };
}

function deployStep(
  store: DeployStore,
  handlers: Partial<Record<'onRetry' | 'onAbort' | 'onBack' | 'onResults', () => void>> = {},
) {
  return (
    <Box width={80}>
      <DeployStep
        title="ddb (cluster) → 10 hosts"
        snapshot={store.getSnapshot()}
        paneLog={(pane) => store.paneLog(pane)}
        now={61_000}
        rows={24}
        isActive
        onRetry={handlers.onRetry ?? vi.fn()}
        onAbort={handlers.onAbort ?? vi.fn()}
        onBack={handlers.onBack ?? vi.fn()}
        onResults={handlers.onResults ?? vi.fn()}
      />
    </Box>
  );
}

describe('DeployStep', () => {
  it('keeps 10 hosts readable at 80×24: every host on screen, the failure with its fix, nothing wider or taller', async () => {
    const { store } = tenHosts();
    const screen = render(deployStep(store));
    const frame = await screen.waitFor('P10');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    for (let i = 1; i <= 10; i++) expect(frame).toMatch(new RegExp(`P${i}\\s`));
    expect(frame).toContain('fix: move it away, or choose another deployDir');
    expect(frame).toContain('30% 300.0/1000.0 MiB');
    expect(frame).toMatch(/· P2 +10\.0\.1\.2 +2\/3 · waiting/);
  });

  it('counts the process lines a pane has no room for, so that a cut list never reads as complete', async () => {
    // Three ha hosts, all transferring: 3 panes × 5 processes and the cluster pane do not fit in 24 lines.
    const { topology, plan } = planned({ mode: 'ha', addresses: ['10.0.1.1', '10.0.1.2', '10.0.1.3'] });
    const store = new DeployStore(plan, topology, { now: () => 60_000, flushMs: 10 });
    store.beginRun();
    for (const host of ['P1', 'P2', 'P3']) {
      const transfer = step(plan, `${host}/package`);
      store.apply({ type: 'step-started', step: transfer });
      store.apply({ type: 'step-output', step: transfer, line: `receiving on ${host}` });
    }
    store.flush();
    const screen = render(deployStep(store));
    const frame = await screen.waitFor('P3');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    // P3 has room for one of its five processes (under the hosts' summary line): the other four
    // are counted, by state.
    expect(frame).toMatch(/P3 .*\n.*host set-up.*\n.*receiving on P3\n {4}… 4 more \(4 waiting\)\n/);
  });

  it('fits any number of panes into the lines it has', () => {
    const { store } = tenHosts();
    const panes = store.getSnapshot().panes;
    for (const height of [5, 11, 14, 20, 40]) {
      const layout = planPanes(panes, height, 0);
      const used =
        layout.shapes.reduce((sum, s) => sum + 1 + s.rows + s.details, 0) +
        (layout.hiddenBefore ? 1 : 0) +
        (layout.hiddenAfter ? 1 : 0);
      expect(used, `height ${height}`).toBeLessThanOrEqual(height);
    }
    expect(planPanes(panes, 5, 7)).toMatchObject({ first: 6, hiddenBefore: 6, hiddenAfter: 2 });
  });

  it('opens the selected pane on Enter, its full log on Enter again, and closes each with Esc', async () => {
    const { store } = tenHosts();
    const screen = render(deployStep(store));
    await screen.waitFor('P10');
    // Failed first, then working: P10, P8, P9, then P1…P7 waiting, then the cluster pane.
    screen.press(keys.down, keys.down, keys.down, keys.down);
    await screen.waitFor((frame) => /› · P2 /.test(frame));
    screen.press(keys.enter);
    // P2 opened: every process line, the other panes one line each.
    const open = await screen.waitFor(
      (frame) => /› · P2 .*\n(.*\n){3}/.test(frame) && frame.includes('Esc close'),
    );
    expect(open).toMatch(/› · P2 .*\n.*host set-up +done.*\n.*agent2 +done.*\n.*datanode2 +waiting/);
    expect(open.split('\n').length).toBeLessThanOrEqual(23);
    screen.press(keys.enter);
    const log = await screen.waitFor('Log of P2');
    expect(log.split('\n').length).toBeLessThanOrEqual(23);
    screen.press(keys.escape);
    await screen.waitFor((frame) => !frame.includes('Log of') && frame.includes('Esc close'));
    screen.press(keys.escape);
    await screen.waitFor((frame) => frame.includes('Enter open') && frame.includes('P10'));
    // l opens a log straight away.
    screen.press(keys.up, keys.up, keys.up, 'l');
    const p8 = await screen.waitFor('Log of P8');
    expect(p8).toContain('host set-up: downloading on P8');
  });

  it('retries with r after a failure and goes back with Esc once stopped', async () => {
    const { store } = tenHosts();
    store.endRun({ ok: false, aborted: false });
    const onRetry = vi.fn();
    const onBack = vi.fn();
    const screen = render(deployStep(store, { onRetry, onBack }));
    await screen.waitFor('r retry');
    screen.press('r');
    await vi.waitFor(() => expect(onRetry).toHaveBeenCalledTimes(1));
    screen.press(keys.escape);
    await vi.waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
  });

  it('asks before aborting, and aborts only on y', async () => {
    const { store } = tenHosts();
    const onAbort = vi.fn();
    const screen = render(deployStep(store, { onAbort }));
    await screen.waitFor('a abort');
    screen.press(keys.escape, 'a');
    await screen.waitFor('Abort the deployment?');
    screen.press('n');
    await screen.waitFor('P10');
    expect(onAbort).not.toHaveBeenCalled();
    screen.press('a');
    await screen.waitFor('Abort the deployment?');
    screen.press('y');
    await vi.waitFor(() => expect(onAbort).toHaveBeenCalledTimes(1));
  });
});
