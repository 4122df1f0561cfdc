/**
 * The Deploy screen with 30 hosts at 80×24 (issue 16 item 4): a line says how many hosts are
 * working, failed and done; failed panes come first; finished panes take one line; Enter opens the
 * selected pane whole and Esc closes it; and no frame, from the first event to the last, is taller
 * than the terminal or wider than it.
 */
import { Box } from 'ink';
import { useSyncExternalStore } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Step } from '../../source/plan/plan.js';
import { DeployStore } from '../../source/ui/deploy/deploy-store.js';
import { DeployStep } from '../../source/wizard/steps/DeployStep.js';
import { keys } from '../helpers/keys.js';
import { planned } from '../helpers/plans.js';
import { render } from '../helpers/render.js';
import { plain } from '../helpers/wait-for-frame.js';

const rows = 24;
const columns = 80;

/** HA on 30 hosts, 3 controllers, an agent and a data node on each, no compute nodes. */
function thirtyHosts() {
  const { topology, plan } = planned({
    mode: 'ha',
    addresses: Array.from({ length: 30 }, (_, i) => `10.0.2.${i + 1}`),
    computenodes: 0,
  });
  const store = new DeployStore(plan, topology, { now: () => Date.now(), flushMs: 5 });
  return { topology, plan, store };
}

/** The Deploy screen as the wizard shows it: it reads the store's snapshots as they are flushed. */
function Live({ store, onResults }: { store: DeployStore; onResults: () => void }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <Box width={columns}>
      <DeployStep
        title="big (ha) → 30 hosts"
        snapshot={snapshot}
        paneLog={(pane) => store.paneLog(pane)}
        now={Date.now()}
        rows={rows}
        columns={columns}
        isActive
        onRetry={vi.fn()}
        onAbort={vi.fn()}
        onBack={vi.fn()}
        onResults={onResults}
      />
    </Box>
  );
}

/** Every frame drawn so far fits the terminal: at most `rows` lines, none wider than it. */
function expectEveryFrameFits(frames: readonly string[]) {
  expect(frames.length).toBeGreaterThan(0);
  for (const [index, raw] of frames.entries()) {
    const frame = plain(raw);
    const lines = frame.split('\n');
    expect(lines.length, `frame ${index}:\n${frame}`).toBeLessThanOrEqual(rows);
    for (const line of lines)
      expect([...line].length, `frame ${index}: ${line}`).toBeLessThanOrEqual(columns);
  }
}

/** A turn of the event loop: the store's flush timer fires and Ink draws. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the Deploy screen with 30 hosts at 80×24', () => {
  it('counts hosts by state, puts the failure first, collapses finished panes, and fits every frame', async () => {
    const { plan, store } = thirtyHosts();
    const screen = render(<Live store={store} onResults={vi.fn()} />);
    store.beginRun();
    // Hosts P18–P29 are still at work on their last host step; P30 fails its first.
    const working = new Set(Array.from({ length: 12 }, (_, i) => `P${18 + i}/configure`));
    let sent = 0;
    const send = async (apply: () => void) => {
      apply();
      if (++sent % 8 === 0) await settle();
    };
    for (const s of plan.steps) {
      if (s.host === 'P30') {
        if (s.id === 'P30/prepare')
          await send(() => {
            store.apply({ type: 'step-started', step: s });
            store.apply({
              type: 'step-failed',
              step: s,
              failure: {
                kind: 'refused',
                message: '/opt/dolphindb exists and was not created by ddb-setup',
                fix: 'move it away, or choose another deployDir',
              },
            });
          });
        continue;
      }
      await send(() => {
        store.apply({ type: 'step-started', step: s });
        store.apply({ type: 'step-output', step: s, line: `working on ${s.id}` });
        if (!working.has(s.id)) store.apply({ type: 'step-finished', step: s, outcome: 'done' });
      });
    }
    store.flush();
    const frame = await screen.waitFor('30 hosts: 12 working · 1 failed · 17 done');
    const lines = frame.split('\n');
    // Under the title, the summary; then the failed pane first, with its fix.
    expect(lines[1]).toBe('30 hosts: 12 working · 1 failed · 17 done');
    expect(lines[2]).toMatch(/^› ✗ P30 +10\.0\.2\.30 +host set-up: \/opt\/dolphindb exists/);
    expect(frame).toContain('fix: move it away, or choose another deployDir');
    // Working hosts next, in host order; the finished ones below, one line each, counted when cut.
    expect(frame.indexOf('P18 ')).toBeLessThan(frame.indexOf('P19 '));
    expect(frame).toMatch(/↓ \d+ more hosts/);
    expect(frame).not.toMatch(/^\s+✓ host set-up/m);
    // Drawn as the events came, not once at the end.
    expect(screen.frames.length).toBeGreaterThan(10);
    expectEveryFrameFits(screen.frames);
  });

  it('opens the selected pane on Enter and closes it with Esc, within the terminal', async () => {
    const { plan, store } = thirtyHosts();
    const screen = render(<Live store={store} onResults={vi.fn()} />);
    store.beginRun();
    // Every host has finished, but for P12, whose data node failed to start.
    const failing: Step | undefined = plan.steps.find((s) => s.id === 'start-workers');
    for (const s of plan.steps) {
      store.apply({ type: 'step-started', step: s });
      if (s === failing)
        store.apply({
          type: 'step-failed',
          step: s,
          failure: { kind: 'node-failed', message: 'datanode12 did not start', cause: 'port 8802 is in use' },
        });
      else store.apply({ type: 'step-finished', step: s, outcome: 'done' });
    }
    store.endRun({ ok: false, aborted: false });
    let frame = await screen.waitFor('r retry');
    // The one step mirrors on every data node: every host shows the failure, and the cluster too.
    expect(frame).toContain('30 hosts: 0 working · 30 failed · 0 done');
    screen.press(keys.pageDown, keys.pageDown, keys.down);
    frame = await screen.waitFor((f) => /› ✗ P22 /.test(f));
    screen.press(keys.enter);
    frame = await screen.waitFor('Esc close');
    // P22 whole: its set-up, controller-less agent and data node, and the failure's cause.
    expect(frame).toMatch(
      /› ✗ P22 .*\n.*✓ host set-up.*\n.*✓ agent22.*\n.*✗ datanode22 +datanode12 did not start/,
    );
    expect(frame).toContain('cause: port 8802 is in use');
    expect(frame).toMatch(/↑ \d+ more hosts/);
    screen.press(keys.escape);
    frame = await screen.waitFor('Enter open');
    expect(frame).not.toContain('cause: port 8802 is in use');
    expectEveryFrameFits(screen.frames);
  });

  it('after a verified run, Enter goes on to the results', async () => {
    const { plan, store } = thirtyHosts();
    const onResults = vi.fn();
    const screen = render(<Live store={store} onResults={onResults} />);
    store.beginRun();
    for (const s of plan.steps) {
      store.apply({ type: 'step-started', step: s });
      store.apply({ type: 'step-finished', step: s, outcome: 'done' });
    }
    store.endRun({ ok: true, aborted: false });
    const frame = await screen.waitFor('deployed and verified');
    expect(frame).toContain('30 hosts: 0 working · 0 failed · 30 done');
    screen.press(keys.enter);
    await vi.waitFor(() => expect(onResults).toHaveBeenCalledTimes(1));
    expectEveryFrameFits(screen.frames);
  });
});
