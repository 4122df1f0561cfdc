import { describe, expect, it, vi } from 'vitest';
import { App } from '../../source/app/App.js';
import { templateTopology } from '../../source/model/template-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { planChange } from '../../source/plan/planners.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { initialWizardState, wizardReducer } from '../../source/wizard/wizard-state.js';
import type { DeployedDifference } from '../../source/wizard/wizard-services.js';
import { added, controllers, deployedWith, moved } from '../helpers/deployed-changes.js';
import { fakeServices, instantEngine, licenceTyped, type FakeEngine } from '../helpers/fake-services.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const file = '/work/demo.yaml';
const topology = templateTopology({
  mode: 'cluster',
  addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'],
  name: 'demo',
  license: licenceTyped,
});

/** The wizard opened on a topology file (`ddb-setup wizard -f demo.yaml`), on Preview. */
function opened(deployed: DeployedDifference | (() => Promise<DeployedDifference>), engine?: FakeEngine) {
  const services = fakeServices({ deployed, ...(engine ? { engine } : {}) });
  const initial = wizardReducer(initialWizardState(), { type: 'openTopology', file, topology });
  const onExit = vi.fn();
  const screen = render(<App services={services} initial={initial} color={false} onExit={onExit} />, {
    keys: false,
  });
  return { screen, services };
}

describe('Preview against what is deployed', () => {
  it('lists each change with how and what it costs, above the files', async () => {
    const { screen, services } = opened(deployedWith([added]));
    const frame = await screen.waitFor('Changes against what is deployed (read from P1, P2, P3):');
    expect(frame).toContain('~ datanode4 (datanode) added on P2 (10.0.0.81:8804)');
    expect(frame).toMatch(/how: +online, no restart: cluster\.nodes rewritten/);
    expect(frame).toContain('cost: online, no restart');
    expect(frame.indexOf('Changes against')).toBeLessThan(frame.indexOf('topology file'));
    expect(services.calls.readDeployed).toEqual([{ topologyFile: file, passwords: new Map() }]);
    screen.press(keys.enter);
    await screen.waitFor('apply 1 change to the running cluster (online, nothing running stops)?');
  });

  it('says "reading what is deployed…" until the hosts answered', async () => {
    let answer: (d: DeployedDifference) => void = () => undefined;
    const { screen } = opened(() => new Promise((resolve) => (answer = resolve)));
    await screen.waitFor('reading what is deployed…');
    answer(deployedWith([]));
    await screen.waitFor('No changes against what is deployed (read from P1, P2, P3).');
  });

  it('a change deploy does not apply, and drift, stop Enter with the reason and what to do', async () => {
    const drift = [
      {
        kind: 'added-outside' as const,
        what: 'datanode9 is in cluster.nodes',
        fix: 'remove it with removeNode',
      },
    ];
    const { screen, services } = opened(deployedWith([added, moved], drift));
    await screen.waitFor('[deploy does not apply this]');
    await screen.waitFor('! drift: datanode9 is in cluster.nodes');
    screen.press(keys.enter);
    const frame = await screen.waitFor(
      'cannot deploy: 1 change deploy does not apply (datanode3 moved from P3 to P2)',
    );
    expect(frame).toContain('the servers were changed outside ddb-setup');
    expect(frame).toContain('remove it with removeNode');
    expect(frame).not.toContain('deploy now?');
    expect(services.calls.saved).toEqual([]);
  });

  it('a whole-cluster stop is said first and asks a second y before deploying', async () => {
    const { screen, services } = opened(deployedWith([controllers]));
    await screen.waitFor('⚠ This change stops the whole cluster for about 80 s');
    screen.press(keys.enter);
    await screen.waitFor('apply 1 change to the running cluster (stops the whole cluster');
    screen.press('y');
    await screen.waitFor('This stops the whole cluster for about 80 s: press y to confirm, n to go back');
    screen.press('n');
    await screen.waitFor((f) => !f.includes('press y to confirm'));
    expect(services.calls.checked).toEqual([]);
    screen.press(keys.enter);
    await screen.waitFor('apply 1 change');
    screen.press('y');
    await screen.waitFor('press y to confirm');
    screen.press('y');
    await vi.waitFor(() => expect(services.calls.deployed).toHaveLength(1));
    expect(services.calls.deployed[0]?.wholeClusterStopConfirmed).toBe(true);
  });

  it('not deployed: nothing more than the files', async () => {
    const { screen, services } = opened({ state: 'not-deployed' });
    await vi.waitFor(() => expect(services.calls.readDeployed).toHaveLength(1));
    const frame = await screen.waitFor(
      (f) => f.includes('topology file') && !f.includes('reading what is deployed'),
    );
    expect(frame).not.toContain('deployed (read from');
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
  });

  it('applies the change with the panes of the change plan, and says changed', async () => {
    const applied: Topology = { ...topology, nodes: topology.nodes.filter((n) => n.alias !== 'datanode3') };
    const files = renderFiles(topology, { templates: loadTemplates(), toolVersion: 'test' });
    const change = planChange(topology, files, '/work', applied);
    if (!change) throw new Error('no change plan');
    const seen: string[] = [];
    const engine: FakeEngine = async (_plan, emit, signal, onPlan) => {
      onPlan?.(change);
      // Half way, so the panes can be read, then on to the end.
      for (const step of change.steps) {
        emit({ type: 'step-started', step });
        emit({ type: 'step-finished', step, outcome: 'done' });
        seen.push(step.id);
      }
      const result = await instantEngine({ ...change, steps: [] }, emit, signal);
      return { ...result, change: true };
    };
    const { screen } = opened(deployedWith([{ ...added, what: 'datanode3 (datanode) added on P3' }]), engine);
    await screen.waitFor('Changes against what is deployed');
    screen.press(keys.enter);
    await screen.waitFor('apply 1 change');
    screen.press('y');
    await screen.waitFor('Changed and verified.');
    expect(seen).toContain('add-nodes');
  });
});
