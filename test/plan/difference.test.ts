import { describe, expect, it } from 'vitest';
import { differenceOf } from '../../source/plan/difference/difference.js';
import { edited, factsHaText, seed, seed003MovedToThree, topologyOf } from './topologies.js';

const ha = topologyOf(factsHaText);

describe('differenceOf: the 3-server HA cluster of facts §2.5', () => {
  it('finds nothing between a topology and itself, nor after a change of SSH access only', () => {
    expect(differenceOf(ha, ha)).toEqual([]);
    const otherLogin = edited(ha, (t) => {
      t.ssh = { user: 'deploy', port: 2222 };
    });
    expect(differenceOf(ha, otherLogin)).toEqual([]);
  });

  it('a data node added on a server with an agent: online, no restart, addNode then startDataNode', () => {
    const wanted = edited(ha, (t) => {
      t.nodes.push({ alias: 'datanode4', mode: 'datanode', host: 'P2', port: 8804 });
    });
    expect(differenceOf(ha, wanted)).toEqual([
      {
        kind: 'node-added',
        what: 'datanode4 (datanode) added on P2 (10.0.0.81:8804)',
        how: 'online, no restart: cluster.nodes (and cluster.cfg) rewritten identically on every controller, addNode("10.0.0.81", 8804, "datanode4", false, "datanode") on the leader, then startDataNode (facts §12.1)',
        cost: 'online, no restart',
        deployApplies: true,
      },
    ]);
  });

  it('a new server: its agent is prepared and started first, then its node is added online', () => {
    const wanted = edited(ha, (t) => {
      t.hosts.push({ name: 'P4', address: '10.0.0.83' });
      t.nodes.push(
        { alias: 'agent4', mode: 'agent', host: 'P4', port: 8801 },
        { alias: 'computenode4', mode: 'computenode', host: 'P4', port: 8803 },
      );
    });
    const changes = differenceOf(ha, wanted);
    expect(changes.map((c) => c.what)).toEqual([
      'agent4 (agent) added on P4 (10.0.0.83:8801)',
      'computenode4 (computenode) added on P4 (10.0.0.83:8803)',
    ]);
    expect(changes[0]?.how).toMatch(/^online: prepare P4, send the package, write agent\.cfg/);
    expect(changes[1]?.how).toBe(
      'online: prepare P4, package, start its agent, then addNode("10.0.0.83", 8803, "computenode4", false, "computenode") on the leader, then startDataNode (facts §12.1)',
    );
    expect(changes.every((c) => c.cost === 'online, no restart')).toBe(true);
  });

  it('a compute node removed stops it; a data node removed needs its chunks moved first', () => {
    const wanted = edited(ha, (t) => {
      t.nodes = t.nodes.filter((n) => n.alias !== 'computenode3' && n.alias !== 'datanode3');
      t.config = { ...t.config, controller: { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 0 } };
    });
    const changes = differenceOf(ha, wanted);
    const compute = changes.find((c) => c.what.startsWith('computenode3'));
    const data = changes.find((c) => c.what.startsWith('datanode3'));
    expect(compute).toMatchObject({
      kind: 'node-removed',
      what: 'computenode3 (computenode) removed from P3 (10.0.0.82:8803)',
      cost: 'stops computenode3',
      deployApplies: true,
    });
    expect(data?.how).toMatch(
      /^only when it holds no chunk \(deploy asks getClusterChunksStatus\(\) and refuses, changing nothing/,
    );
    expect(data).toMatchObject({ cost: 'stops datanode3', deployApplies: true });
  });

  it('a node on another port or host is moved, and deploy does not apply it', () => {
    const wanted = edited(ha, (t) => {
      const node = t.nodes.find((n) => n.alias === 'datanode2');
      if (node) node.port = 8812;
    });
    expect(differenceOf(ha, wanted)).toEqual([
      expect.objectContaining({
        kind: 'node-moved',
        what: 'datanode2 moved from P2 (10.0.0.81:8802) to P2 (10.0.0.81:8812)',
        cost: 'stops datanode2 while it moves',
        deployApplies: false,
      }),
    ]);
  });

  it('a host given another address moves every process on it; with a controller that stops the cluster', () => {
    const wanted = edited(ha, (t) => {
      const host = t.hosts.find((h) => h.name === 'P3');
      if (host) host.address = '10.0.0.92';
    });
    const changes = differenceOf(ha, wanted);
    expect(changes[0]).toMatchObject({
      kind: 'host-changed',
      what: 'host P3: address 10.0.0.82 → 10.0.0.92',
      cost: 'stops the whole cluster for about 90 s (all 12 processes stopped and started again)',
    });
    // Each process on it is named as moved too, controller3 as a controller change.
    expect(changes.map((c) => c.kind)).toContain('controllers-changed');
    expect(changes.filter((c) => c.kind === 'node-moved').map((c) => c.what.split(' ')[0])).toEqual([
      'agent3',
      'datanode3',
      'computenode3',
    ]);
  });

  it('a cluster.cfg key for every node restarts the data and compute nodes one at a time', () => {
    const wanted = edited(ha, (t) => {
      t.config = { ...t.config, cluster: { TSDBCacheEngineSize: 4 } };
    });
    expect(differenceOf(ha, wanted)).toEqual([
      {
        kind: 'config-changed',
        what: 'cluster.cfg: TSDBCacheEngineSize 2 → 4',
        how: expect.stringMatching(
          /^deploy writes the new cluster\.cfg, then restarts the processes that read it, one at a time .*Raft cluster the controllers keep cluster\.cfg/,
        ),
        cost: 'restarts datanode1, computenode1, datanode2, computenode2, datanode3, computenode3 one at a time (rolling)',
        deployApplies: true,
        restarts: ['datanode1', 'computenode1', 'datanode2', 'computenode2', 'datanode3', 'computenode3'],
      },
    ]);
  });

  it('a key for one alias, or a wildcard, restarts only the nodes it names', () => {
    const wanted = edited(ha, (t) => {
      t.config = {
        ...t.config,
        cluster: { TSDBCacheEngineSize: 2, 'datanode1.maxMemSize': 16, 'computenode%.workerNum': 8 },
      };
    });
    const costs = Object.fromEntries(differenceOf(ha, wanted).map((c) => [c.what, c.cost]));
    expect(costs).toEqual({
      'cluster.cfg: datanode1.maxMemSize=16 added': 'restarts datanode1',
      'cluster.cfg: computenode%.workerNum=8 added':
        'restarts computenode1, computenode2, computenode3 one at a time (rolling)',
    });
  });

  it('controller.cfg restarts the controllers one at a time; agent.cfg the agents, nodes kept running', () => {
    const wanted = edited(ha, (t) => {
      t.config = {
        ...t.config,
        controller: { dfsReplicationFactor: 2, dfsReplicaReliabilityLevel: 1, raftElectionTick: 1200 },
        agent: { workerNum: 8 },
      };
    });
    const changes = differenceOf(ha, wanted);
    expect(changes.map((c) => [c.what, c.cost])).toEqual([
      [
        'controller.cfg: raftElectionTick=1200 added',
        'restarts controller1, controller2, controller3 one at a time (rolling): the Raft group keeps a leader',
      ],
      [
        expect.stringMatching(/^agent\.cfg: workerNum \d+ → 8$|^agent\.cfg: workerNum=8 added$/),
        'restarts agent1, agent2, agent3 one at a time: data and compute nodes keep running',
      ],
    ]);
  });

  it('a new version is an upgrade, a new licence a renewal: deploy applies both', () => {
    const wanted = edited(ha, (t) => {
      t.server = { version: '2.00.12.3', license: './renewed.lic' };
    });
    const changes = differenceOf(ha, wanted);
    const version = changes.find((c) => c.kind === 'version-changed');
    expect(version).toMatchObject({
      what: 'server 2.00.11.3 → 2.00.12.3',
      cost: 'restarts every process, one server at a time (rolling)',
      deployApplies: true,
    });
    expect(version?.how).toMatch(/^upgrade: deploy reads the version the hosts run and upgrades them/);
    expect(changes.find((c) => c.kind === 'licence-changed')).toMatchObject({
      what: 'licence ./dolphindb.lic → ./renewed.lic',
      how: expect.stringMatching(/^licence renewal/),
      deployApplies: true,
    });
  });
});

describe('differenceOf: pseudo-HA to HA (seed 003)', () => {
  it('moving controller3 to a third server changes the mode and the controllers: the whole cluster stops', () => {
    const { pseudo, wanted } = seed003MovedToThree();
    const changes = differenceOf(pseudo, wanted);
    const downtime = 'stops the whole cluster for about 70 s (all 8 processes stopped and started again)';
    expect(changes.map((c) => [c.kind, c.what, c.cost, c.deployApplies])).toEqual([
      ['mode-changed', 'mode pseudo-ha → ha', downtime, true],
      [
        'controllers-changed',
        'controller3 moved from server1 (172.0.0.1:9903) to server3 (172.0.0.3:9903)',
        downtime,
        true,
      ],
    ]);
    expect(changes[1]?.how).toMatch(/copy a moved controller's nodes\/<alias>\/ \(Raft and dfsMeta\)/);
  });

  it('controllers added to a one-controller cluster (cluster → ha): each a whole-cluster stop, plus Raft in controller.cfg', () => {
    const cluster = seed('seed-002-cluster');
    const wanted = edited(cluster, (t) => {
      t.mode = 'ha';
      t.nodes.push(
        { alias: 'controller2', mode: 'controller', host: 'P1', port: 8990 },
        { alias: 'controller3', mode: 'controller', host: 'P2', port: 8990 },
      );
      t.config = {
        ...t.config,
        controller: { ...t.config?.controller, dfsReplicationFactor: 2 },
      };
    });
    const changes = differenceOf(cluster, wanted);
    expect(changes.filter((c) => c.kind === 'controllers-changed').map((c) => c.what)).toEqual([
      'controller2 added on P1 (10.1.1.1:8990)',
      'controller3 added on P2 (10.1.1.3:8990)',
    ]);
    expect(changes.map((c) => c.what)).toContain('controller.cfg: dfsHAMode=Raft added');
    expect(changes.filter((c) => !c.deployApplies).map((c) => c.kind)).toEqual([
      'mode-changed',
      'controllers-changed',
      'controllers-changed',
    ]);
  });
});

describe('differenceOf: single', () => {
  it('a dolphindb.cfg key restarts the one node, which is down meanwhile', () => {
    const single = seed('single');
    const wanted = edited(single, (t) => {
      t.config = { single: { maxMemSize: 48 } };
    });
    const changes = differenceOf(single, wanted);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.what).toMatch(/^dolphindb\.cfg: maxMemSize/);
    expect(changes[0]?.cost).toBe(`restarts ${single.nodes[0]?.alias}: the database is down meanwhile`);
  });
});

describe('differenceOf: swarm', () => {
  it('the same swarm section in another key order is no change; another image stops the cluster', () => {
    const swarm = seed('seed-000-swarm');
    const section = swarm.swarm;
    if (!section) throw new Error('seed 000 has its swarm section');
    const reordered = {
      ...swarm,
      swarm: {
        dataDir: section.dataDir,
        network: section.network,
        image: section.image,
        manager: section.manager,
      },
    };
    expect(differenceOf(swarm, reordered)).toEqual([]);
    const changes = differenceOf(swarm, {
      ...swarm,
      swarm: { ...section, image: 'dolphindb/dolphindb:v2.00.6' },
    });
    expect(changes.map((c) => [c.kind, c.deployApplies])).toEqual([['swarm-changed', false]]);
    expect(changes[0]?.cost).toMatch(/^stops the whole cluster for about \d+ s/);
  });
});
