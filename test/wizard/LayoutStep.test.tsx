import { useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { LayoutStep } from '../../source/wizard/steps/LayoutStep.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';
import { buildDraftTopology } from '../../source/wizard/wizard-topology.js';
import { wizardReducer, type LayoutDraft, type WizardState } from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

function Harness({
  start,
  seen,
  onSubmit,
}: {
  start: WizardState;
  seen: (layout: LayoutDraft) => void;
  onSubmit: () => void;
}) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  seen(state.layout);
  return (
    <LayoutStep
      mode={state.mode}
      layout={state.layout}
      assessment={assessWizard(state)}
      isActive
      width={80}
      height={24}
      onChange={(changes) => dispatch({ type: 'updateLayout', changes })}
      onSubmit={onSubmit}
    />
  );
}

function setup(mode: 'ha' | 'single' = 'ha') {
  let layout: LayoutDraft | undefined;
  const onSubmit = vi.fn();
  const screen = render(
    <Harness
      start={stateWith('layout', mode, mode === 'single' ? threeHosts.slice(0, 1) : threeHosts)}
      seen={(l) => (layout = l)}
      onSubmit={onSubmit}
    />,
  );
  return { screen, onSubmit, layout: () => layout };
}

describe('LayoutStep', () => {
  it('shows the values in force and the diagram, controllers marked', async () => {
    const { screen } = setup();
    const frame = await screen.waitFor('◆ controller3 :8800');
    expect(frame).toMatch(/Controllers +3/);
    expect(frame).toMatch(/Data nodes per host +1/);
    expect(frame).toMatch(/Base port +8800/);
    expect(frame).toContain('P2 10.0.0.81');
    expect(frame).toContain('computenode3 :8803');
  });

  it('recomputes the layout from typed counts and submits with Enter on the last field', async () => {
    const { screen, onSubmit, layout } = setup();
    await screen.waitFor('Controllers');
    screen.press(keys.tab, '2', keys.tab, '0', keys.tab, '9000');
    await screen.waitFor('datanode6 :9003');
    expect(layout()).toMatchObject({ datanodes: '2', computenodes: '0', basePort: '9000' });
    expect(screen.frame()).not.toContain('computenode');
    screen.press(keys.enter);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });

  it('takes a data and compute node count per host and draws the rows they make', async () => {
    const { screen, layout } = setup();
    await screen.waitFor('Controllers');
    screen.press(keys.tab, '2,1,1', keys.tab, '0,1,0');
    // The first frame already has a computenode1 :8803 (P1's): wait for the typed counts' diagram.
    const frame = await screen.waitFor((f) => /Compute nodes per host +0,1,0/.test(f) && f.includes('P1'));
    expect(frame).toMatch(/datanode2 :8803 +computenode1 :8803/);
    expect(frame).not.toContain('datanode5');
    expect(frame).not.toContain('computenode2');
    expect(layout()).toMatchObject({ datanodes: '2,1,1', computenodes: '0,1,0' });
    const state = stateWith('layout', 'ha', threeHosts, { layout: layout() as LayoutDraft });
    expect(
      buildDraftTopology(state)
        .topology?.nodes.filter((n) => n.mode === 'datanode' || n.mode === 'computenode')
        .map((n) => `${n.host} ${n.alias}:${n.port}`),
    ).toEqual([
      'P1 datanode1:8802',
      'P1 datanode2:8803',
      'P2 datanode3:8802',
      'P2 computenode1:8803',
      'P3 datanode4:8802',
    ]);
  });

  it('says how many counts a per-host list needs, next to it', async () => {
    const { screen } = setup();
    await screen.waitFor('Controllers');
    screen.press(keys.tab, '2,1');
    await screen.waitFor('✗ give one count per server: 3 counts, not 2');
    screen.press(',1');
    await screen.waitFor((f) => !f.includes('✗') && f.includes('datanode2 :8803'));
  });

  it('says what is wrong with a count, next to it', async () => {
    const { screen } = setup();
    await screen.waitFor('Controllers');
    screen.press('4');
    await screen.waitFor('✗ a Raft group needs an odd number of controllers, 3 or more (got 4)');
  });

  it('edits aliases and ports with e, marks the clash next to the process', async () => {
    const { screen, layout } = setup();
    await screen.waitFor('Controllers');
    screen.press('e');
    await screen.waitFor('aliases and ports');
    screen.press(
      'ctl-a',
      keys.tab,
      '9100',
      keys.tab,
      keys.tab,
      keys.tab,
      keys.tab,
      keys.tab,
      keys.tab,
      '8802',
    );
    await screen.waitFor('✗ agent1 and datanode1 both use port 8802 on P1 (10.0.0.80)');
    expect(layout()).toMatchObject({
      aliases: { controller1: 'ctl-a' },
      ports: { controller1: '9100', agent1: '8802' },
    });
    screen.press(keys.escape);
    const frame = await screen.waitFor('✗ datanode1 :8802');
    expect(frame).toContain('ctl-a :9100');
  });

  it('single mode asks only for the port', async () => {
    const { screen } = setup('single');
    const frame = await screen.waitFor('Base port');
    expect(frame).not.toContain('Data nodes per host');
    expect(frame).toContain('local8848 :8848');
  });
});
