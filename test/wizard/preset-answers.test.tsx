import { describe, expect, it, vi } from 'vitest';
import { readAnswers, type AnswerValues } from '../../source/cli/answer-flags.js';
import { App } from '../../source/app/App.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import { templateTopology } from '../../source/model/template-topology.js';
import { presetWizardState, type PresetAnswers } from '../../source/wizard/preset-answers.js';
import { currentTopology } from '../../source/wizard/wizard-topology.js';
import { initialWizardState } from '../../source/wizard/wizard-state.js';
import { fakeServices } from '../helpers/fake-services.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const hosts = ['10.0.0.80', '10.0.0.81', '10.0.0.82'];

function preset(answers: PresetAnswers, sshDefaults = {}) {
  return presetWizardState(initialWizardState(sshDefaults), answers);
}

describe('presetWizardState', () => {
  it('with no answers is the state itself, on Welcome', () => {
    const state = initialWizardState();
    expect(presetWizardState(state, {})).toBe(state);
  });

  it.each([
    ['servers but no mode: Mode', { addresses: hosts }, 'mode'],
    ['a mode alone: Hosts', { mode: 'ha' }, 'hosts'],
    ['--mode ha --hosts: Layout', { mode: 'ha', addresses: hosts }, 'layout'],
    ['a memory size but no layout: still Layout', { mode: 'ha', addresses: hosts, maxMemSize: 16 }, 'layout'],
    ['the layout answered: Options', { mode: 'ha', addresses: hosts, datanodes: 2 }, 'options'],
    // HA needs more nodes than the community licence allows: without a licence file Options is
    // still to answer (the licence is asked for where the layout needs it).
    [
      'HA answered but for the licence: Options',
      { mode: 'ha', addresses: hosts, basePort: 9000, maxMemSize: 8 },
      'options',
    ],
    [
      'every screen answered: Preview',
      { mode: 'cluster', addresses: hosts.slice(0, 2), basePort: 9000, maxMemSize: 8 },
      'preview',
    ],
  ] as const)('%s', (_, answers, step) => {
    expect(preset(answers).step).toBe(step);
  });

  it('a mode alone leaves one blank host to type into, with the remembered SSH answers', () => {
    const state = preset({ mode: 'cluster' }, { user: 'deploy', port: 2222 });
    expect(state.hosts).toEqual([expect.objectContaining({ address: '', user: 'deploy', port: '2222' })]);
  });

  it('stops on the first screen with an error even when its flags were given', () => {
    // Remembered answers say "log in with a password": none is typed yet, so Hosts must ask for it.
    const state = preset({ mode: 'ha', addresses: hosts, datanodes: 1, maxMemSize: 8 }, { auth: 'password' });
    expect(state.step).toBe('hosts');
  });

  it('fills each screen with the answers as its fields hold them', () => {
    const state = preset(
      readAnswers({
        mode: 'ha',
        hosts: '10.0.0.80-82',
        'ssh-user': 'deploy',
        'identity-file': '~/.ssh/ddb',
        datanodes: '2,1,1',
        package: 'https://example.com/DolphinDB_Linux64_V2.00.11.3.zip',
        'max-mem-size': '1.5',
        'lan-cluster': true,
      }),
    );
    expect(state.hosts.map((h) => [h.address, h.user, h.auth, h.identityFile])).toEqual(
      hosts.map((address) => [address, 'deploy', 'key', '~/.ssh/ddb']),
    );
    expect(state.layout).toMatchObject({ datanodes: '2,1,1', computenodes: '', controllers: '' });
    expect(state.options).toMatchObject({
      packageKind: 'url',
      packageValue: 'https://example.com/DolphinDB_Linux64_V2.00.11.3.zip',
      maxMemSize: '1.5',
      lanCluster: true,
    });
  });

  // The wizard and `template` build the file from the same answers in two places (the screens'
  // draft, the template's settings): these must write the same topology.
  const flagSets: readonly AnswerValues[] = [
    { mode: 'single', hosts: '10.0.0.80', 'max-mem-size': '16', workers: '8', volumes: ['/ssd1/a,/ssd2/a'] },
    {
      mode: 'single',
      hosts: '10.0.0.80',
      'public-name': ['ddb.example.com'],
      'base-port': '9000',
      volumes: ['/d'],
    },
    {
      mode: 'ha',
      hosts: '10.0.0.80-82',
      'replication-factor': '3',
      'reliability-level': '1',
      'max-mem-size': '1.50',
      'lan-cluster': true,
      volumes: ['datanode1=/ssd1/dn1', 'datanode3=/ssd1/dn3'],
      'public-name': ['P1=ddb1.example.com', '10.0.0.82=ddb3.example.com'],
      license: './dolphindb.lic',
      'deploy-dir': '/data/ddb',
      name: 'demo',
      'ssh-user': 'deploy',
      'ssh-port': '2222',
    },
    {
      mode: 'cluster',
      hosts: '10.0.0.80,10.0.0.81',
      'public-name': ['P1=ctl.example.com'],
      datanodes: '0,2',
    },
    { mode: 'pseudo-ha', hosts: '10.0.0.80', datanodes: '3', computenodes: '1', workers: '16' },
    {
      mode: 'swarm',
      hosts: '10.0.0.80-82',
      image: 'registry.local/ddb:v2.00.11.3',
      'image-archive': './ddb.tar',
    },
  ];

  it.each(flagSets)('writes what template writes for %j', (values) => {
    const answers = readAnswers(values);
    const fromTemplate = templateTopology({
      ...answers,
      mode: answers.mode ?? 'single',
      addresses: answers.addresses ?? [],
    });
    const { topology, problems } = currentTopology(preset(answers));
    expect(problems).toEqual([]);
    expect(topology).toEqual(fromTemplate);
  });
});

describe('the wizard started with answers (ink)', () => {
  function wizard(answers: PresetAnswers) {
    const onExit = vi.fn();
    const services = fakeServices();
    const screen = render(
      <App services={services} initial={preset(answers)} color={false} onExit={onExit} />,
      { keys: false },
    );
    return { screen, services };
  }

  it('--mode ha --hosts …: opens on Layout with the servers laid out, Esc reaches Hosts and Mode', async () => {
    const { screen } = wizard(readAnswers({ mode: 'ha', hosts: '10.0.0.80-82' }));
    const layout = await screen.waitFor('Base port');
    expect(layout).toMatch(/^ddb-setup › Layout/);
    expect(layout).toContain('P3 10.0.0.82');
    expect(layout).not.toContain('Start a new deployment');
    screen.press(keys.escape);
    const hostsScreen = await screen.waitFor('+ add a host');
    for (const address of hosts) expect(hostsScreen).toContain(address);
    screen.press(keys.escape);
    await screen.waitFor('› Multi-server HA (3+ servers)');
  });

  it('every screen answered: opens on Preview, showing the file with the answers', async () => {
    const { screen, services } = wizard(
      readAnswers({
        mode: 'ha',
        hosts: '10.0.0.80-82',
        datanodes: '2',
        name: 'flags',
        'max-mem-size': '16',
        workers: '8',
        license: './dolphindb.lic',
      }),
    );
    const preview = await screen.waitFor('topology file');
    expect(preview).toMatch(/^ddb-setup › Preview/);
    expect(preview).toContain('Cluster flags · ha');
    screen.press(keys.pageDown);
    await screen.waitFor('28 config:');
    screen.press(keys.pageDown);
    await screen.waitFor('cluster: { maxMemSize: 16, workerNum: 8 }');
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    await screen.waitFor('Deployed and verified.');
    const saved = services.calls.saved[0];
    expect(saved?.file).toBe('/work/flags.yaml');
    // Config values read back as the text DolphinDB reads.
    expect(loadTopology(services.files['/work/flags.yaml'] ?? '').topology?.config?.cluster).toEqual({
      maxMemSize: '16',
      workerNum: '8',
    });
  });

  it('answers that leave Options to answer open on Options with them filled in', async () => {
    const { screen } = wizard(readAnswers({ mode: 'cluster', hosts: '10.0.0.80', 'base-port': '9000' }));
    const options = await screen.waitFor('Cluster name');
    expect(options).toMatch(/^ddb-setup › Options/);
    screen.press(keys.escape);
    await screen.waitFor((frame) => /Base port +9000/.test(frame));
  });
});
