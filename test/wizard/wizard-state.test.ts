import { describe, expect, it } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { withLicence } from '../helpers/wizard-states.js';
import {
  initialWizardState,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../source/wizard/wizard-state.js';

/** Applies actions in order. */
function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

/** A state on the Hosts screen of an HA deployment with three typed addresses. */
function haWithHosts(): WizardState {
  let state = run(initialWizardState(), { type: 'startNew' }, { type: 'selectMode', mode: 'ha' });
  const first = state.hosts[0];
  if (!first) throw new Error('selectMode adds a blank host');
  state = run(
    state,
    { type: 'updateHost', id: first.id, changes: { address: '10.0.0.80' } },
    { type: 'addHost' },
  );
  state = run(state, { type: 'updateHost', id: 2, changes: { address: '10.0.0.81' } }, { type: 'addHost' });
  return run(state, { type: 'updateHost', id: 3, changes: { address: '10.0.0.82' } });
}

describe('wizardReducer', () => {
  it('starts on Welcome and goes to Mode on startNew', () => {
    const state = run(initialWizardState(), { type: 'startNew' });
    expect(state.step).toBe('mode');
  });

  it('selectMode goes to Hosts with one blank host that uses the remembered SSH answers', () => {
    const state = run(
      initialWizardState({ user: 'deploy', port: 2222, auth: 'key', identityFile: '~/.ssh/k' }),
      {
        type: 'selectMode',
        mode: 'cluster',
      },
    );
    expect(state.step).toBe('hosts');
    expect(state.hosts).toEqual([
      {
        id: 1,
        address: '',
        sshAddress: '',
        user: 'deploy',
        port: '2222',
        auth: 'key',
        identityFile: '~/.ssh/k',
        password: '',
        deployDir: '',
      },
    ]);
    expect(state.nextHostId).toBe(2);
  });

  it('selectMode again keeps the hosts typed before', () => {
    const state = haWithHosts();
    const again = run(state, { type: 'goBack' }, { type: 'selectMode', mode: 'pseudo-ha' });
    expect(again.hosts).toBe(state.hosts);
    expect(again.mode).toBe('pseudo-ha');
  });

  it('adds, edits and removes hosts by id', () => {
    let state = haWithHosts();
    expect(state.hosts.map((h) => h.address)).toEqual(['10.0.0.80', '10.0.0.81', '10.0.0.82']);
    state = run(state, { type: 'removeHost', id: 2 });
    expect(state.hosts.map((h) => [h.id, h.address])).toEqual([
      [1, '10.0.0.80'],
      [3, '10.0.0.82'],
    ]);
    state = run(state, { type: 'addHost' });
    expect(state.hosts.at(-1)?.id).toBe(4);
  });

  it.each<[string, WizardAction]>([
    ['updateHost of an unknown id', { type: 'updateHost', id: 99, changes: { address: 'x' } }],
    ['removeHost of an unknown id', { type: 'removeHost', id: 99 }],
    ['goBack on Welcome', { type: 'goBack' }],
    ['goNext on Welcome', { type: 'goNext' }],
    ['startDeploy before Preview', { type: 'startDeploy' }],
    [
      'finishDeploy when not deploying',
      { type: 'finishDeploy', record: { ok: true, aborted: false, journal: '' } },
    ],
  ])('returns the same state for %s', (_name, action) => {
    const state = initialWizardState();
    expect(wizardReducer(state, action)).toBe(state);
  });

  it('does not leave Hosts while the mode needs more servers, and says why', () => {
    let state = run(
      initialWizardState(),
      { type: 'selectMode', mode: 'ha' },
      { type: 'updateHost', id: 1, changes: { address: '10.0.0.80' } },
    );
    expect(wizardReducer(state, { type: 'goNext' })).toBe(state);
    state = haWithHosts();
    expect(run(state, { type: 'goNext' }).step).toBe('layout');
  });

  it('goes back without losing anything typed', () => {
    const state = run(
      haWithHosts(),
      { type: 'goNext' },
      { type: 'updateLayout', changes: { datanodes: '2' } },
      { type: 'goNext' },
    );
    expect(state.step).toBe('options');
    const back = run(state, { type: 'goBack' }, { type: 'goBack' }, { type: 'goBack' });
    expect(back.step).toBe('mode');
    expect(back.hosts).toBe(state.hosts);
    expect(back.layout).toBe(state.layout);
    expect(back.mode).toBe('ha');
  });

  it('walks to Preview, through the pre-flight check, and deploys only a valid topology', () => {
    const hosts = haWithHosts();
    let state = run(
      { ...hosts, ...withLicence(hosts) },
      { type: 'goNext' },
      { type: 'goNext' },
      { type: 'goNext' },
    );
    expect(state.step).toBe('preview');
    expect(wizardReducer(state, { type: 'goNext' })).toBe(state);
    // Deploying starts with the check; the deployment itself only from there.
    expect(wizardReducer(state, { type: 'startDeploy' })).toBe(state);
    state = run(state, { type: 'startCheck' });
    expect(state.step).toBe('check');
    expect(run(state, { type: 'goBack' }).step).toBe('preview');
    state = run(state, { type: 'startDeploy' });
    expect(state.step).toBe('deploy');
    expect(wizardReducer(state, { type: 'goBack' })).toBe(state);
    const failed = run(state, { type: 'finishDeploy', record: { ok: false, aborted: false, journal: 'j' } });
    expect(failed.step).toBe('deploy');
    expect(run(failed, { type: 'goBack' }).step).toBe('preview');
    const ok = run(state, { type: 'finishDeploy', record: { ok: true, aborted: false, journal: 'j' } });
    expect(ok.step).toBe('results');
    expect(ok.lastDeploy).toEqual({ ok: true, aborted: false, journal: 'j' });
  });

  it('refuses to deploy with errors (a port below 1024)', () => {
    const state = run(
      haWithHosts(),
      { type: 'goNext' },
      { type: 'updateLayout', changes: { basePort: '80' } },
    );
    expect(wizardReducer(state, { type: 'goNext' })).toBe(state);
  });

  it('opens a topology on Preview and keeps it exact until an answer changes', () => {
    const topology = templateTopology({
      mode: 'ha',
      addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'],
      name: 'demo',
    });
    const state = run(initialWizardState(), { type: 'openTopology', file: '/t/demo.yaml', topology });
    expect(state.step).toBe('preview');
    expect(state.opened?.topology).toBe(topology);
    expect(state.savedFile).toBe('/t/demo.yaml');
    expect(state.options.name).toBe('demo');
    expect(state.hosts.map((h) => h.address)).toEqual(['10.0.0.80', '10.0.0.81', '10.0.0.82']);
    // A password is not part of the topology: the file stays exact.
    expect(run(state, { type: 'updateHost', id: 1, changes: { password: 'secret' } }).opened).toBeDefined();
    expect(run(state, { type: 'updateOptions', changes: { name: 'other' } }).opened).toBeUndefined();
  });

  it('records where the topology was saved, once', () => {
    const state = run(initialWizardState(), { type: 'saveTopology', file: '/t/a.yaml' });
    expect(state.savedFile).toBe('/t/a.yaml');
    expect(wizardReducer(state, { type: 'saveTopology', file: '/t/a.yaml' })).toBe(state);
  });
});
