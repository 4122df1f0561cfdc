import { describe, expect, it, vi } from 'vitest';
import { App } from '../../source/app/App.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import { templateTopology } from '../../source/model/template-topology.js';
import { writeTopology } from '../../source/model/write-topology.js';
import { memorySettingsStore } from '../../source/store/settings.js';
import { initialWizardState } from '../../source/wizard/wizard-state.js';
import { fakeServices, instantEngine, licenceTyped, type FakeEngine } from '../helpers/fake-services.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { toPreview } from '../helpers/wizard-walk.js';
import { nonUniformTopology } from '../helpers/wizard-states.js';

function wizard(services = fakeServices()) {
  const onExit = vi.fn();
  const screen = render(
    <App services={services} initial={initialWizardState()} color={false} onExit={onExit} />,
    { keys: false },
  );
  return { screen, services, onExit };
}

describe('Wizard', () => {
  it('walks from the first key to the results and deploys what the preview showed', async () => {
    const { screen, services, onExit } = wizard();
    await toPreview(screen);
    const preview = await screen.waitFor('Cluster demo · ha · DolphinDB 2.00.11.3 · 3 hosts · 12 processes');
    expect(preview).toContain('1/25 topology file ./demo.yaml');
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    const results = await screen.waitFor('Deployed and verified.');
    expect(results).toMatch(/Web console +http:\/\/10\.0\.0\.81:8800 controller2, leader/);
    expect(services.calls.saved.map((s) => s.file)).toEqual(['/work/demo.yaml']);
    expect(services.files['/work/demo.yaml']).toBe(
      writeTopology(
        templateTopology({
          mode: 'ha',
          addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'],
          name: 'demo',
          license: licenceTyped,
        }),
      ),
    );
    expect(services.calls.deployed).toHaveLength(1);
    expect(services.settings.recentTopologies()).toMatchObject([
      { file: '/work/demo.yaml', cluster: 'demo', mode: 'ha', lastDeploy: 'ok' },
    ]);
    screen.press('q');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(0));
  });

  it('Esc goes back without losing anything typed', async () => {
    const { screen } = wizard();
    await toPreview(screen);
    screen.press(keys.escape);
    await screen.waitFor((f) => /Cluster name +demo/.test(f));
    screen.press(keys.escape);
    await screen.waitFor('Base port');
    screen.press(keys.escape);
    const hosts = await screen.waitFor('Continue →');
    expect(hosts).toContain('10.0.0.80');
    expect(hosts).toContain('10.0.0.82');
    screen.press(keys.escape);
    await screen.waitFor('› Multi-server HA (3+ servers)');
  });

  it('? shows help on every screen and Esc closes it, keeping the screen as it was', async () => {
    const { screen } = wizard();
    await screen.waitFor('Start a new deployment');
    screen.press('?');
    await screen.waitFor('Help: welcome');
    screen.press(keys.escape);
    await screen.waitFor((f) => !f.includes('Help:') && f.includes('Open a saved topology file'));
    screen.press(keys.enter, keys.down, '?');
    await screen.waitFor('Help: mode');
    screen.press(keys.enter);
    await screen.waitFor('Help: mode');
    screen.press('?');
    await screen.waitFor('› Cluster, one controller');
  });

  it('Ctrl-C quits at once when nothing runs', async () => {
    const { screen, onExit } = wizard();
    await screen.waitFor('Start a new deployment');
    screen.press(keys.ctrlC);
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130));
  });

  it('Ctrl-C on Preview asks before losing the answers: n stays, y (or Ctrl-C again) quits', async () => {
    const { screen, onExit } = wizard();
    await toPreview(screen);
    screen.press(keys.ctrlC);
    await screen.waitFor('Quit and lose the answers?');
    expect(screen.frame()).toContain('Nothing was deployed. n, then s saves them as a topology file');
    expect(onExit).not.toHaveBeenCalled();
    screen.press('n');
    await screen.waitFor((f) => !f.includes('Quit and lose'));
    expect(onExit).not.toHaveBeenCalled();
    screen.press(keys.ctrlC);
    await screen.waitFor('Quit and lose the answers?');
    screen.press(keys.ctrlC);
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130));
  });

  it('Ctrl-C asks before abandoning a running deployment, and aborts it on y', async () => {
    const signals: AbortSignal[] = [];
    const waitForAbort: FakeEngine = (plan, emit, signal) =>
      new Promise((resolve) => {
        signals.push(signal);
        const first = plan.steps[0];
        if (first) emit({ type: 'step-started', step: first });
        signal.addEventListener('abort', () => resolve({ ok: false, aborted: true, journal: 'j' }));
      });
    const { screen, onExit } = wizard(fakeServices({ engine: waitForAbort }));
    await toPreview(screen);
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    await screen.waitFor('create directories');
    screen.press(keys.ctrlC);
    await screen.waitFor('A deployment is running. Abandon it and quit?');
    screen.press('n');
    await screen.waitFor((f) => !f.includes('Abandon it'));
    expect(signals[0]?.aborted).toBe(false);
    screen.press(keys.ctrlC);
    await screen.waitFor('Abandon it and quit?');
    screen.press('y');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith(130));
    expect(signals[0]?.aborted).toBe(true);
  });

  it('shows a failure with its fix, and r runs the deployment again until it succeeds', async () => {
    let runs = 0;
    const failOnce: FakeEngine = async (plan, emit, signal) => {
      runs += 1;
      if (runs > 1) return instantEngine(plan, emit, signal);
      const prepare = plan.steps.find((s) => s.id === 'P2/prepare');
      if (!prepare) throw new Error('no P2/prepare');
      emit({ type: 'step-started', step: prepare });
      emit({
        type: 'step-failed',
        step: prepare,
        failure: {
          kind: 'unreachable',
          message: 'P2 (root@10.0.0.81:22): no answer (ETIMEDOUT)',
          fix: 'check that the host is up',
        },
      });
      return { ok: false, aborted: false, journal: 'j' };
    };
    const { screen, services } = wizard(fakeServices({ engine: failOnce }));
    await toPreview(screen);
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    const failed = await screen.waitFor('r runs again');
    expect(failed).toContain('✗ host set-up    P2 (root@10.0.0.81:22): no answer (ETIMEDOUT)');
    expect(failed).toContain('fix: check that the host is up');
    expect(services.settings.recentTopologies()[0]?.lastDeploy).toBe('failed');
    screen.press('r');
    await screen.waitFor('Deployed and verified.');
    expect(runs).toBe(2);
  });

  it('opens a saved topology on Welcome and resumes an unfinished one', async () => {
    const topology = templateTopology({ mode: 'single', addresses: ['10.0.0.80'], name: 'lab' });
    const settings = memorySettingsStore({
      recent: [
        { file: '/work/lab.yaml', cluster: 'lab', mode: 'single', usedAt: 't', lastDeploy: 'running' },
      ],
    });
    const services = fakeServices({ files: { '/work/lab.yaml': writeTopology(topology) }, settings });
    const { screen } = wizard(services);
    await screen.waitFor('Resume lab (single): last deployment did not finish');
    screen.press(keys.down, keys.down, keys.enter);
    await screen.waitFor('opened from ./lab.yaml');
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    await screen.waitFor('Deployed and verified.');
    expect(services.calls.deployed[0]?.topologyFile).toBe('/work/lab.yaml');
  });

  it('keeps an opened file’s uneven rows when only the replication factor is changed', async () => {
    const file = '/work/demo.yaml';
    // HA exceeds the community licence: the file names the user's licence, as it must to deploy.
    const licensed = {
      ...nonUniformTopology,
      server: { ...nonUniformTopology.server, license: licenceTyped },
    };
    const services = fakeServices({ files: { [file]: writeTopology(licensed) } });
    const { screen } = wizard(services);
    await screen.waitFor('Open a saved topology file');
    screen.press(keys.down, keys.enter);
    await screen.waitFor('Topology file:');
    screen.press('demo.yaml', keys.enter);
    await screen.waitFor('opened from ./demo.yaml');
    screen.press(keys.escape);
    await screen.waitFor('Cluster name');
    // Name, version, package, licence, deploy directory, then the replication factor.
    screen.press(keys.down, keys.down, keys.down, keys.down, keys.down, keys.ctrlU, '3');
    await screen.waitFor((f) => /› Replication factor +3/.test(f));
    // The rest of Options: reliability, memory, workers, UDP, 4 volumes, 3 public names.
    for (let i = 0; i < 12; i++) screen.press(keys.enter);
    await screen.waitFor('built from your answers');
    screen.press('s');
    await screen.waitFor('Save the topology to:');
    screen.press(keys.enter);
    await screen.waitFor('saved');
    const expected = {
      ...licensed,
      config: {
        ...licensed.config,
        controller: { dfsReplicationFactor: 3, dfsReplicaReliabilityLevel: 1 },
      },
    };
    const saved = services.files[file] ?? '';
    // Parsed (config numbers come back as their text), so only the config's key order may differ.
    expect(loadTopology(saved).topology).toEqual(loadTopology(writeTopology(expected)).topology);
    // The rows, hosts included, are written line for line as the file had them.
    const rows = (text: string) => text.slice(text.indexOf('hosts:'), text.indexOf('config:'));
    expect(rows(saved)).toBe(rows(writeTopology(nonUniformTopology)));
  });

  it('says why a typed file cannot be opened', async () => {
    const { screen } = wizard();
    await screen.waitFor('Open a saved topology file');
    screen.press(keys.down, keys.enter);
    await screen.waitFor('Topology file:');
    screen.press('missing.yaml', keys.enter);
    await screen.waitFor('✗ cannot read /work/missing.yaml: no such file');
  });

  it('tests each host under its own name, so that its messages name it', async () => {
    const services = fakeServices({
      connections: { '10.0.0.81': { ok: false, message: 'P2 (root@10.0.0.81:22): connection refused' } },
    });
    const { screen } = wizard(services);
    await screen.waitFor('Start a new deployment');
    screen.press(keys.enter, keys.down, keys.enter);
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.enter, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter);
    await screen.waitFor('+ add a host');
    screen.press('a');
    await screen.waitFor('Host P2');
    screen.press('10.0.0.81', keys.enter, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter);
    await screen.waitFor((frame) => /P2 10\.0\.0\.81 .*✗ connection refused/.test(frame));
    const second = services.calls.tested.find((call) => call.host === 'P2');
    expect(second?.topology.hosts.map((host) => [host.name, host.address])).toEqual([['P2', '10.0.0.81']]);
  });

  it('tests each host with the password typed for it, never saving the password', async () => {
    const services = fakeServices({
      connections: {
        '10.0.0.80': {
          ok: false,
          message: 'P1 (root@10.0.0.80:22): the login was refused',
          fix: 'check ssh.user',
        },
      },
    });
    const { screen } = wizard(services);
    await screen.waitFor('Start a new deployment');
    screen.press(keys.enter, keys.enter);
    await screen.waitFor('Host P1');
    screen.press(
      '10.0.0.80',
      keys.down,
      keys.down,
      'root',
      keys.down,
      keys.down,
      keys.right,
      keys.right,
      keys.down,
      'hunter2',
      keys.enter,
      keys.enter,
    );
    await screen.waitFor('password ✗ the login was');
    expect(services.calls.tested).toMatchObject([{ host: 'P1', password: 'hunter2' }]);
    expect(JSON.stringify(services.settings)).not.toContain('hunter2');
  });
});
