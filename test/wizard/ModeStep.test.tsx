import { describe, expect, it, vi } from 'vitest';
import { ModeStep } from '../../source/wizard/steps/ModeStep.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

describe('ModeStep', () => {
  it('describes each mode: what it survives and when to choose it', async () => {
    const screen = render(<ModeStep value={undefined} isActive onSubmit={vi.fn()} />);
    await screen.waitFor('Single node');
    screen.press(keys.down, keys.down);
    const frame = await screen.waitFor('survives a controller process failure, not the loss of its server');
    expect(frame).toContain('Community licence: 3 nodes');
    screen.press(keys.down);
    await screen.waitFor('survives losing any one server');
  });

  it('submits the selected mode', async () => {
    const onSubmit = vi.fn();
    const screen = render(<ModeStep value={undefined} isActive onSubmit={onSubmit} />);
    await screen.waitFor('Single node');
    screen.press(keys.down, keys.down, keys.down, keys.enter);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('ha'));
  });

  it('selects the mode chosen before when coming back', async () => {
    const screen = render(<ModeStep value="swarm" isActive onSubmit={vi.fn()} />);
    await screen.waitFor('› Docker Swarm');
  });

  it('does nothing while inactive (help open)', async () => {
    const onSubmit = vi.fn();
    const screen = render(<ModeStep value={undefined} isActive={false} onSubmit={onSubmit} />);
    await screen.waitFor('Single node');
    screen.press(keys.enter);
    await screen.waitFor('Single node');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
