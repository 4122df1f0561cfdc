import { describe, expect, it } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { draftFromTopology } from '../../source/wizard/draft-from-topology.js';
import {
  assessWizard,
  canContinue,
  deployBlocker,
  locateIssue,
} from '../../source/wizard/wizard-selectors.js';
import {
  blankHost,
  emptyLayout,
  emptyOptions,
  initialWizardState,
  type WizardState,
} from '../../source/wizard/wizard-state.js';
import { buildDraftTopology } from '../../source/wizard/wizard-topology.js';
import { withLicence } from '../helpers/wizard-states.js';

const addresses = ['10.0.0.80', '10.0.0.81', '10.0.0.82'];

/** A state with the given mode and hosts, every other answer empty (the defaults). */
function draft(
  mode: WizardState['mode'],
  hostAddresses: readonly string[],
  changes: Partial<WizardState> = {},
): WizardState {
  return {
    ...initialWizardState(),
    step: 'options',
    mode,
    hosts: hostAddresses.map((address, index) => ({ ...blankHost(index + 1, {}), address })),
    ...changes,
  };
}

describe('buildDraftTopology', () => {
  it.each(['single', 'cluster', 'pseudo-ha', 'ha', 'swarm'] as const)(
    'with only a mode and hosts gives exactly what `ddb-setup template --mode %s` gives',
    (mode) => {
      const hosts =
        mode === 'single' ? addresses.slice(0, 1) : mode === 'pseudo-ha' ? addresses.slice(0, 2) : addresses;
      const { topology, problems } = buildDraftTopology(draft(mode, hosts));
      expect(problems).toEqual([]);
      expect(topology).toEqual(templateTopology({ mode, addresses: hosts }));
    },
  );

  it('applies the Layout and Options answers', () => {
    const state = draft('ha', addresses, {
      layout: {
        ...emptyLayout,
        datanodes: '2',
        computenodes: '0',
        basePort: '9000',
        aliases: { datanode1: 'dn-a' },
        ports: { datanode2: '9100' },
      },
      options: {
        ...emptyOptions,
        name: 'demo',
        version: '3.00.2',
        packageKind: 'file',
        packageValue: './DolphinDB.zip',
        license: './ent.lic',
        replicationFactor: '3',
        maxMemSize: '16',
        workerNum: '8',
        lanCluster: true,
        volumes: { datanode1: '/ssd1/a,/ssd2/a' },
        publicNames: { P2: 'db2.example.com' },
      },
    });
    const { topology, problems } = buildDraftTopology(state);
    expect(problems).toEqual([]);
    expect(topology?.name).toBe('demo');
    expect(topology?.server).toEqual({ version: '3.00.2', package: './DolphinDB.zip', license: './ent.lic' });
    expect(topology?.nodes.filter((n) => n.host === 'P1').map((n) => `${n.alias}:${n.port}`)).toEqual([
      'controller1:9000',
      'agent1:9001',
      'dn-a:9002',
      'datanode2:9100',
    ]);
    expect(topology?.config?.controller).toMatchObject({ dfsReplicationFactor: 3, lanCluster: 1 });
    expect(topology?.config?.agent).toEqual({ lanCluster: 1 });
    expect(topology?.config?.cluster).toEqual({
      maxMemSize: 16,
      workerNum: 8,
      lanCluster: 1,
      'dn-a.volumes': '/ssd1/a,/ssd2/a',
      'datanode3.publicName': 'db2.example.com',
      'datanode4.publicName': 'db2.example.com',
    });
  });

  it('puts SSH answers every host shares in the file-wide ssh section', () => {
    const state = draft('ha', addresses);
    const hosts = state.hosts.map((host, index) => ({
      ...host,
      user: 'root',
      auth: 'key' as const,
      identityFile: '~/.ssh/id_ed25519',
      port: index === 1 ? '2222' : '',
      sshAddress: index === 1 ? '203.0.113.7' : '',
    }));
    const { topology } = buildDraftTopology({ ...state, hosts });
    expect(topology?.ssh).toEqual({ user: 'root', identityFile: '~/.ssh/id_ed25519' });
    expect(topology?.hosts).toEqual([
      { name: 'P1', address: '10.0.0.80' },
      { name: 'P2', address: '10.0.0.81', ssh: { address: '203.0.113.7', port: 2222 } },
      { name: 'P3', address: '10.0.0.82' },
    ]);
  });

  it.each([
    ['differs from the file-wide one', '', '/data/ddb', '/data/ddb'],
    ['differs from the one typed on Options', '/srv/ddb', '/data/ddb', '/data/ddb'],
    ['is the default the file uses anyway', '', '/opt/dolphindb', undefined],
    ['is the one typed on Options', '/srv/ddb', '/srv/ddb', undefined],
    ['is empty', '/srv/ddb', '', undefined],
  ])('writes a host deploy dir only when it %s', (_name, global, own, written) => {
    const state = draft('ha', addresses, { options: { ...emptyOptions, deployDir: global } });
    const hosts = state.hosts.map((host, index) => (index === 1 ? { ...host, deployDir: own } : host));
    const { topology, problems } = buildDraftTopology({ ...state, hosts });
    expect(problems).toEqual([]);
    expect(topology?.hosts[1]?.deployDir).toBe(written);
    expect(topology?.hosts[0]).not.toHaveProperty('deployDir');
  });

  it('reads a host deploy dir back from an opened file', () => {
    const topology = templateTopology({ mode: 'ha', addresses });
    const hosts = topology.hosts.map((host, index) =>
      index === 2 ? { ...host, deployDir: '/data/ddb' } : host,
    );
    const answers = draftFromTopology({ ...topology, hosts });
    expect(answers.hosts.map((host) => host.deployDir)).toEqual(['', '', '/data/ddb']);
    expect(buildDraftTopology({ ...initialWizardState(), ...answers }).topology?.hosts).toEqual(hosts);
  });

  it('never writes a password', () => {
    const state = draft('single', ['10.0.0.80']);
    const hosts = state.hosts.map((host) => ({ ...host, auth: 'password' as const, password: 's3cret' }));
    expect(JSON.stringify(buildDraftTopology({ ...state, hosts }).topology)).not.toContain('s3cret');
  });

  it.each<[string, Partial<WizardState>, { step: string; field: string; message: string }]>([
    ['no mode', { mode: undefined }, { step: 'mode', field: 'mode', message: 'choose a mode' }],
    [
      'an empty address',
      { hosts: [blankHost(7, {})] },
      {
        step: 'hosts',
        field: 'address:7',
        message: 'type the intranet address the nodes use, e.g. 10.0.0.80',
      },
    ],
    [
      'a bad SSH port',
      { hosts: [{ ...blankHost(1, {}), address: '10.0.0.80', port: '70000' }] },
      { step: 'hosts', field: 'port:1', message: 'an SSH port is 1–65535' },
    ],
    [
      'a key method without a key',
      { hosts: [{ ...blankHost(1, {}), address: '10.0.0.80', auth: 'key' }] },
      { step: 'hosts', field: 'identityFile:1', message: 'give the private key file, or choose ssh-agent' },
    ],
    [
      'a host deploy dir that is not absolute',
      { hosts: [{ ...blankHost(4, {}), address: '10.0.0.80', deployDir: 'data' }] },
      {
        step: 'hosts',
        field: 'deployDir:4',
        message: 'Deploy dir is not absolute (start it with /); e.g. /data/dolphindb',
      },
    ],
    [
      'a count that is not a number',
      { layout: { ...emptyLayout, datanodes: 'two' } },
      { step: 'layout', field: 'datanodes', message: 'give a whole number from 0 to 64' },
    ],
    [
      'an even controller count',
      { mode: 'ha', layout: { ...emptyLayout, controllers: '4' } },
      {
        step: 'layout',
        field: 'controllers',
        message: 'a Raft group needs an odd number of controllers, 3 or more (got 4)',
      },
    ],
  ])('reports %s on the field that causes it', (_name, changes, problem) => {
    const state = { ...draft('single', ['10.0.0.80']), ...changes };
    expect(buildDraftTopology(state).problems).toContainEqual(problem);
  });

  it('says which mode to choose when the host count does not fit', () => {
    expect(buildDraftTopology(draft('ha', addresses.slice(0, 2))).problems).toEqual([
      {
        step: 'hosts',
        field: 'hosts',
        message:
          'mode ha puts each controller on its own server and needs 3 or more; with 2 choose Pseudo-HA on Mode',
      },
    ]);
  });
});

describe('draftFromTopology', () => {
  it('turns a template topology back into answers that rebuild it exactly', () => {
    const topology = templateTopology({ mode: 'ha', addresses, name: 'demo', datanodes: 2, sshUser: 'root' });
    const answers = draftFromTopology(topology);
    const rebuilt = buildDraftTopology({ ...initialWizardState(), ...answers });
    expect(rebuilt.topology).toEqual({
      ...topology,
      // The answers name the replication explicitly; the values are the same.
      config: { ...topology.config },
    });
  });

  it('keeps config keys no field models, verbatim', () => {
    const topology = {
      ...templateTopology({ mode: 'cluster', addresses }),
      config: {
        controller: {},
        agent: {},
        cluster: { 'datanode1.volumes': '/d1', chunkCacheEngineMemSize: '1.50' },
      },
    };
    expect(draftFromTopology(topology).options.extraConfig).toEqual({
      cluster: { 'datanode1.volumes': '/d1', chunkCacheEngineMemSize: '1.50' },
    });
  });
});

describe('selectors', () => {
  it('places validation issues on the screen and field that cause them', () => {
    const state = draft('ha', addresses);
    expect(locateIssue({ level: 'error', path: 'hosts[1].address', code: 'x', message: '' }, state)).toEqual({
      step: 'hosts',
      field: 'address:2',
    });
    expect(
      locateIssue({ level: 'error', path: 'nodes[4].port', code: 'port-conflict', message: '' }, state),
    ).toEqual({ step: 'layout', field: 'node:4' });
    expect(
      locateIssue(
        { level: 'error', path: 'config.cluster["datanode1.volumes"]', code: 'x', message: '' },
        state,
      ),
    ).toEqual({ step: 'options', field: 'volumes' });
    expect(
      locateIssue(
        { level: 'warning', path: 'server.license', code: 'community-node-limit', message: '' },
        state,
      ),
    ).toEqual({ step: 'options', field: 'license' });
  });

  it('shows a port clash on Layout next to the process and blocks Continue', () => {
    const state = {
      ...draft('ha', addresses),
      step: 'layout' as const,
      layout: { ...emptyLayout, ports: { agent1: '8800' } },
    };
    const assessment = assessWizard(state);
    const clash = assessment.findings.find((f) => f.code === 'port-conflict');
    expect(clash).toMatchObject({ step: 'layout', field: 'node:3', level: 'error' });
    expect(canContinue(state, assessment)).toBe(false);
  });

  it('deploys swarm from the wizard', () => {
    const swarm = draft('swarm', addresses);
    const assessment = assessWizard({ ...swarm, ...withLicence(swarm) });
    expect(
      validateTopology(assessment.topology ?? templateTopology({ mode: 'swarm', addresses })).filter(
        (i) => i.level === 'error',
      ),
    ).toEqual([]);
    expect(deployBlocker(assessment)).toBeUndefined();
  });
});
