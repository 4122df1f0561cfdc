import { describe, expect, it } from 'vitest';
import { differenceFrom, wizardChangeRefusal } from '../../source/app/deployed-difference.js';
import { added, controllers, deployedWith, moved } from '../helpers/deployed-changes.js';
import { edited, factsHaText, topologyOf } from '../plan/topologies.js';

const ha = topologyOf(factsHaText);

describe('differenceFrom: what the wizard is handed of a reading', () => {
  it('a deployed cluster: each change against the applied topology, the drift, as plain data', () => {
    const wanted = edited(ha, (t) => {
      t.nodes.push({ alias: 'datanode4', mode: 'datanode', host: 'P2', port: 8804 });
    });
    const drift = [{ kind: 'added-outside' as const, what: 'datanode9 in cluster.nodes', fix: 'remove it' }];
    const difference = differenceFrom(
      { state: 'deployed', applied: ha, readFrom: ['P1', 'P2'], notRead: [], disagreements: [], drift },
      wanted,
    );
    expect(difference).toMatchObject({ state: 'deployed', readFrom: ['P1', 'P2'], drift });
    expect(difference.state === 'deployed' && difference.changes.map((c) => c.what)).toEqual([
      'datanode4 (datanode) added on P2 (10.0.0.81:8804)',
    ]);
    // Serialisable: no topology object travels to the screen.
    expect(JSON.parse(JSON.stringify(difference))).toEqual(difference);
  });

  it('nothing deployed, or nothing read, says only that (and who was not read)', () => {
    expect(differenceFrom({ state: 'not-deployed', readFrom: ['P1'], notRead: [] }, ha)).toEqual({
      state: 'not-deployed',
    });
    const notRead = [{ host: 'P1', reason: 'connection refused', fix: null }];
    expect(differenceFrom({ state: 'unknown', notRead }, ha)).toEqual({ state: 'unknown', notRead });
  });
});

describe('wizardChangeRefusal: the wizard deploy asks what deploy asks', () => {
  it('refuses a change deploy does not apply, drift, and an unconfirmed whole-cluster stop', () => {
    expect(wizardChangeRefusal(deployedWith([added]), 'demo.yaml', false)).toBeUndefined();
    expect(wizardChangeRefusal({ state: 'not-deployed' }, 'demo.yaml', false)).toBeUndefined();
    expect(wizardChangeRefusal(deployedWith([moved]), 'demo.yaml', true)).toMatch(
      /^the cluster is deployed and 1 change deploy does not apply \(datanode3 moved from P3 to P2\): .*; nothing was changed$/,
    );
    expect(
      wizardChangeRefusal(
        deployedWith([], [{ kind: 'missing', what: 'datanode2 is gone', fix: 'add it back' }]),
        'f',
        true,
      ),
    ).toMatch(/changed outside ddb-setup \(datanode2 is gone\): add it back/);
    expect(wizardChangeRefusal(deployedWith([controllers]), 'demo.yaml', false)).toMatch(
      /^the change stops the whole cluster for about 80 s .*, which was not confirmed; nothing was changed\. Fix: go back to Preview/,
    );
    expect(wizardChangeRefusal(deployedWith([controllers]), 'demo.yaml', true)).toBeUndefined();
  });
});
