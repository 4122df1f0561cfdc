/**
 * A failure is read whole on the Deploy screen (issue 13 §5): the pane cuts its cause and fix to a
 * line each, `f` shows them whole, and the full log has them too; a command in a fix is never
 * broken across lines while it fits on one, and no line is indented, so a copy gets it whole.
 */
import { Box } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { DeployStore } from '../../source/ui/deploy/deploy-store.js';
import { DeployStep } from '../../source/wizard/steps/DeployStep.js';
import { keys } from '../helpers/keys.js';
import { planned, step } from '../helpers/plans.js';
import { render } from '../helpers/render.js';

const command = "ss -ltnp 'sport = :8800'";
const fix = `find the process with \`${command}\`, stop it or choose another port; after stopping DolphinDB wait about 30 s`;
const cause =
  'the port of controller1 (8800) is held by another process on P1 (10.0.1.1), so it exited at once';

function failedDeployment(logLines = 0) {
  const { topology, plan } = planned({ mode: 'cluster', addresses: ['10.0.1.1', '10.0.1.2'] });
  const store = new DeployStore(plan, topology, { now: () => 60_000, flushMs: 10 });
  store.beginRun();
  const failed = step(plan, 'P1/prepare');
  store.apply({ type: 'step-started', step: failed });
  for (let i = 1; i <= logLines; i++) store.apply({ type: 'step-output', step: failed, line: `line ${i}` });
  store.apply({
    type: 'step-failed',
    step: failed,
    failure: { kind: 'node-failed', message: 'controller1 exited right after it started', cause, fix },
  });
  store.endRun({ ok: false, aborted: false });
  store.flush();
  return store;
}

function screenOf(store: DeployStore, columns = 80, supportCommand?: string) {
  return render(
    <Box width={columns}>
      <DeployStep
        title="ddb (cluster) → 2 hosts"
        snapshot={store.getSnapshot()}
        paneLog={(pane) => store.paneLog(pane)}
        now={61_000}
        rows={24}
        columns={columns}
        isActive
        onRetry={vi.fn()}
        onAbort={vi.fn()}
        onBack={vi.fn()}
        onResults={vi.fn()}
        {...(supportCommand ? { supportCommand } : {})}
      />
    </Box>,
  );
}

/** The text of the lines from the one starting with `from`, joined as a copy across them would be. */
function copied(frame: string, from: string): string {
  const lines = frame.split('\n');
  const start = lines.findIndex((line) => line.startsWith(from));
  return lines.slice(start).join(' ');
}

describe('a failure on the Deploy screen at 80 columns', () => {
  it('f shows the message, cause and fix whole, the command on one line, nothing indented', async () => {
    const screen = screenOf(failedDeployment());
    const panes = await screen.waitFor('f failure in full');
    // The pane cuts the fix to its line.
    expect(panes).toContain('fix: find the process with');
    expect(panes).not.toContain('wait about 30 s');
    await screen.press('f');
    const full = await screen.waitFor('Failure on P1');
    const lines = full.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.some((line) => line.includes(`\`${command}\``))).toBe(true);
    expect(copied(full, 'fix:')).toContain(`fix: ${fix}`);
    expect(copied(full, 'cause:')).toContain(`cause: ${cause}`);
    expect(full).toContain('✗ host set-up: controller1 exited right after it started');
    // Nothing is indented: a line wrapped is continued at the first column.
    const body = lines.slice(lines.findIndex((line) => line.startsWith('✗')));
    for (const line of body) expect(line, line).not.toMatch(/^ /);
    await screen.press('f');
    await screen.waitFor((frame) => !frame.includes('Failure on') && frame.includes('f failure in full'));
  });

  it('f ends with the command that collects a support bundle, on a line of its own', async () => {
    const screen = screenOf(failedDeployment(), 80, 'ddb-setup collect -f demo.yaml');
    await screen.waitFor('f failure in full');
    await screen.press('f');
    const full = await screen.waitFor('Failure on P1');
    const lines = full.split('\n');
    const at = lines.findIndex((line) => line.startsWith('For help, send the bundle this writes'));
    expect(at).toBeGreaterThan(lines.findIndex((line) => line.startsWith('fix:')));
    expect(lines).toContain('ddb-setup collect -f demo.yaml');
  });

  it('the full log has the cause and the fix whole, and scrolls back to its first line', async () => {
    const screen = screenOf(failedDeployment(40));
    await screen.waitFor('f failure in full');
    await screen.press(keys.enter);
    const log = await screen.waitFor('Log of P1');
    expect(log.split('\n').some((line) => line.includes(`\`${command}\``))).toBe(true);
    expect(copied(log, 'host set-up: fix:')).toContain(`host set-up: fix: ${fix}`);
    for (const line of log.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    await screen.press(keys.pageUp, keys.pageUp, keys.pageUp);
    const top = await screen.waitFor('lines 1–');
    expect(top).toMatch(/^host set-up: line 1$/m);
  });
});
