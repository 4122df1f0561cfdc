import { describe, expect, it, vi } from 'vitest';
import { App } from '../../source/app/App.js';
import { eraseScreen } from '../../source/ui/hooks/use-terminal-size.js';
import { initialWizardState } from '../../source/wizard/wizard-state.js';
import { fakeServices } from '../helpers/fake-services.js';
import { render } from '../helpers/render.js';
import { plain } from '../helpers/wait-for-frame.js';

/** ink-testing-library's stdout says 100 columns; a resize sets another width and tells Ink. */
function resize(stdout: NodeJS.EventEmitter, columns: number): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  stdout.emit('resize');
}

function widest(frame: string): number {
  return Math.max(
    ...plain(frame)
      .split('\n')
      .map((line) => line.length),
  );
}

describe('the wizard when the terminal narrows (issue 13 §6)', () => {
  it('erases the screen first, and no frame drawn afterwards is wider than the terminal', async () => {
    const screen = render(
      <App services={fakeServices()} initial={initialWizardState()} color={false} onExit={vi.fn()} />,
      { keys: false },
    );
    // The Welcome text is one 87-column line at 100 columns.
    const wide = await screen.waitFor('Start a new deployment');
    expect(widest(wide)).toBeGreaterThan(60);
    const frames = screen.stdout.frames as string[];
    const before = frames.length;
    resize(screen.stdout, 60);
    await screen.waitFor((frame) => widest(frame) <= 60 && frame.includes('Docker Swarm'));
    const after = frames.slice(before);
    // Ink draws once at once with the old state (a line wider than the terminal would wrap there
    // and outlive the next frame); the erase comes before anything is drawn.
    expect(after[0]).toBe(eraseScreen);
    for (const frame of after.slice(1)) expect(widest(frame), frame).toBeLessThanOrEqual(60);
    // Widening needs no erase: nothing wraps.
    const widened = frames.length;
    resize(screen.stdout, 100);
    await screen.waitFor((frame) => widest(frame) > 60);
    expect(frames.slice(widened)).not.toContain(eraseScreen);
    screen.unmount();
  });
});
