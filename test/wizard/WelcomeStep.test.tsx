import { describe, expect, it, vi } from 'vitest';
import type { RecentTopology } from '../../source/store/settings.js';
import { WelcomeStep } from '../../source/wizard/steps/WelcomeStep.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const recent: RecentTopology[] = [
  {
    file: '/home/me/demo.yaml',
    cluster: 'demo',
    mode: 'ha',
    usedAt: '2025-01-01T00:00:00Z',
    lastDeploy: 'failed',
  },
  {
    file: '/home/me/lab.yaml',
    cluster: 'lab',
    mode: 'single',
    usedAt: '2025-01-01T00:00:00Z',
    lastDeploy: 'ok',
  },
];

describe('WelcomeStep', () => {
  it('starts a new deployment on Enter', async () => {
    const onNew = vi.fn();
    const screen = render(<WelcomeStep recent={[]} isActive onNew={onNew} onOpen={vi.fn()} />);
    await screen.waitFor('Start a new deployment');
    screen.press(keys.enter);
    await vi.waitFor(() => expect(onNew).toHaveBeenCalledTimes(1));
  });

  it('opens a typed path; Esc closes the path field without leaving', async () => {
    const onOpen = vi.fn();
    const screen = render(<WelcomeStep recent={[]} isActive onNew={vi.fn()} onOpen={onOpen} />);
    await screen.waitFor('Open a saved topology file');
    screen.press(keys.down, keys.enter);
    await screen.waitFor('Topology file:');
    screen.press(keys.escape);
    await screen.waitFor((frame) => !frame.includes('Topology file:'));
    screen.press(keys.enter);
    await screen.waitFor('Topology file:');
    screen.press('./ha.yaml', keys.enter);
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith('./ha.yaml'));
  });

  it('offers to resume an unfinished deployment, and lists recent files', async () => {
    const onOpen = vi.fn();
    const screen = render(<WelcomeStep recent={recent} isActive onNew={vi.fn()} onOpen={onOpen} />);
    const frame = await screen.waitFor('Resume demo (ha): last deployment failed');
    expect(frame).toContain('Open lab (single)');
    screen.press(keys.down, keys.down, keys.enter);
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith('/home/me/demo.yaml'));
  });

  it('shows why a file could not be opened', async () => {
    const screen = render(
      <WelcomeStep
        recent={[]}
        isActive
        openError="cannot read ./x.yaml: no such file"
        onNew={vi.fn()}
        onOpen={vi.fn()}
      />,
    );
    await screen.waitFor('✗ cannot read ./x.yaml: no such file');
  });
});
