import { describe, expect, it } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { licenceInForce, licenceProblems, modeLicenceNote } from '../../source/wizard/wizard-licence.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

const community = licenceInForce(stateWith('mode', 'cluster', []));

describe('the licence in the wizard (issue 13 item 1)', () => {
  it('knows the official package’s community licence without reading it', () => {
    expect(community).toMatchObject({
      name: 'the community licence in the official package',
      limits: { maxNodes: 3, maxMemoryPerNode: 8 },
      given: false,
    });
  });

  it('notes on Mode exactly the modes whose smallest layout exceeds the licence', () => {
    expect(modeLicenceNote('single', community)).toBeUndefined();
    expect(modeLicenceNote('cluster', community)).toBeUndefined();
    expect(modeLicenceNote('pseudo-ha', community)).toBe(
      'Pseudo-HA needs at least 3 controllers and 1 data node: 4 nodes; the community licence in the official package allows 3. Give a licence file on Options, or choose Single node or Cluster.',
    );
    expect(
      modeLicenceNote('ha', { ...community, limits: { maxNodes: 4, maxMemoryPerNode: 8 } }),
    ).toBeUndefined();
  });

  it('offers HA a licence or another mode, never fewer nodes', () => {
    const ha = templateTopology({ mode: 'ha', addresses: [...threeHosts] });
    expect(licenceProblems(ha, community)).toEqual([
      expect.objectContaining({
        level: 'error',
        field: 'license',
        message:
          'HA needs at least 3 controllers and 1 data node: 4 nodes; this layout has 9 nodes (3 controllers, 3 data nodes, 3 compute nodes; agents not counted) and the community licence in the official package allows 3: give a licence file that allows 9 nodes here, or choose Single node or Cluster on Mode',
      }),
    ]);
  });

  it('offers a cluster fewer data and compute nodes, with the number, and weighs memory per node', () => {
    const cluster = templateTopology({ mode: 'cluster', addresses: [...threeHosts], datanodes: 2 });
    const big = {
      ...cluster,
      config: { ...cluster.config, cluster: { ...cluster.config?.cluster, maxMemSize: 16 } },
    };
    expect(licenceProblems(big, community).map((problem) => problem.message)).toEqual([
      'this layout has 7 nodes (1 controller, 6 data nodes; agents not counted) and the community licence in the official package allows 3: give a licence file that allows 7 nodes here, or lower Data and Compute nodes per host on Layout to 2 nodes in total',
      '16 GB per node is above the 8 GB the community licence in the official package allows: write 8 or less, or give a licence file that allows 16 GB',
    ]);
  });

  it('weighs the layout against a licence file once read, and says when it cannot be read', () => {
    const state = stateWith('options', 'ha', threeHosts);
    expect(licenceInForce(state)).toMatchObject({ given: true, limits: { maxNodes: 40 } });
    const ha = templateTopology({ mode: 'ha', addresses: [...threeHosts] });
    expect(licenceProblems(ha, licenceInForce(state))).toEqual([]);
    const pending = { ...state, licences: {} };
    expect(licenceProblems(ha, licenceInForce(pending))).toEqual([
      expect.objectContaining({ level: 'warning', message: 'reading ./dolphindb.lic…' }),
    ]);
    const local = {
      ...state,
      options: { ...state.options, license: '', packageKind: 'file' as const, packageValue: './p.zip' },
    };
    expect(licenceInForce({ ...local, licences: { 'package:./p.zip': { kind: 'none' } } })).toMatchObject({
      blocking: true,
      problem: './p.zip holds no licence (server/dolphindb.lic): give the licence file DolphinDB sent you',
    });
  });
});
