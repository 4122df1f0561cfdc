import { useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { OptionsStep } from '../../source/wizard/steps/OptionsStep.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';
import { wizardReducer, type OptionsDraft, type WizardState } from '../../source/wizard/wizard-state.js';
import { currentTopology } from '../../source/wizard/wizard-topology.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

function Harness({
  start,
  seen,
  onSubmit,
}: {
  start: WizardState;
  seen: (state: WizardState) => void;
  onSubmit: () => void;
}) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  seen(state);
  return (
    <OptionsStep
      options={state.options}
      mode={state.mode}
      assessment={assessWizard(state)}
      isActive
      height={40}
      onChange={(changes: Partial<OptionsDraft>) => dispatch({ type: 'updateOptions', changes })}
      onSubmit={onSubmit}
    />
  );
}

function setup(mode: 'ha' | 'single' = 'ha') {
  let state: WizardState | undefined;
  const onSubmit = vi.fn();
  const screen = render(
    <Harness
      start={stateWith('options', mode, mode === 'single' ? threeHosts.slice(0, 1) : threeHosts)}
      seen={(s) => (state = s)}
      onSubmit={onSubmit}
    />,
  );
  return { screen, onSubmit, state: () => state };
}

describe('OptionsStep', () => {
  it('shows each default as a placeholder and explains the focused field', async () => {
    const { screen } = setup();
    const frame = await screen.waitFor('Cluster name');
    expect(frame).toMatch(/Server version +2\.00\.11\.3/);
    expect(frame).toMatch(/Replication factor +2/);
    expect(frame).toContain('Lowercase letters, digits and -; names the directories on each host.');
  });

  it('explains the reliability level where it is asked', async () => {
    const { screen } = setup();
    await screen.waitFor('Cluster name');
    screen.press(keys.down, keys.down, keys.down, keys.down, keys.down, keys.down);
    await screen.waitFor(
      '0: replicas may share a server · 1: never (survives a server) · 2: spread when possible.',
    );
  });

  it('switches the package source with ← →, and a URL may contain ?', async () => {
    const { screen, state } = setup();
    await screen.waitFor('Cluster name');
    screen.press(keys.down, keys.down, keys.right);
    await screen.waitFor('Package URL');
    screen.press(keys.down, 'https://mirror.example/p.zip?v=1');
    await screen.waitFor('p.zip?v=1');
    expect(state()?.options).toMatchObject({
      packageKind: 'url',
      packageValue: 'https://mirror.example/p.zip?v=1',
    });
    expect(currentTopology(state() as WizardState).topology?.server.package).toBe(
      'https://mirror.example/p.zip?v=1',
    );
  });

  it('shows a validation message under the field (a bad name), and submits on the last field', async () => {
    const { screen, onSubmit } = setup('single');
    await screen.waitFor('Cluster name');
    screen.press('Bad Name');
    const frame = await screen.waitFor('✗');
    expect(frame).toMatch(/Cluster name +Bad Name/);
    screen.press(
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      'lab',
    );
    await screen.waitFor((f) => /Cluster name +lab/.test(f) && !f.includes('✗'));
    for (let i = 0; i < 12; i++) screen.press(keys.enter);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
  });

  it('asks volumes per data node and a public name per host, and writes them as cluster.cfg keys', async () => {
    const { screen, state } = setup();
    await screen.waitFor('Cluster name');
    screen.press(
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.down,
      keys.space,
    );
    await screen.waitFor('[x] yes');
    screen.press(keys.down, '/ssd1/dn1,/ssd2/dn1');
    await screen.waitFor('/ssd1/dn1,/ssd2/dn1');
    screen.press(keys.down, keys.down, keys.down, 'db1.example.com');
    await screen.waitFor('db1.example.com');
    const config = currentTopology(state() as WizardState).topology?.config;
    expect(config?.cluster).toMatchObject({
      lanCluster: 1,
      'datanode1.volumes': '/ssd1/dn1,/ssd2/dn1',
      'datanode1.publicName': 'db1.example.com',
      'computenode1.publicName': 'db1.example.com',
    });
  });
});
