import { describe, expect, it } from 'vitest';
import { parseHostFacts } from '../../source/checks/host-facts.js';
import { hostExpectations } from '../../source/checks/host-expectations.js';
import { swarmFindings } from '../../source/checks/swarm-findings.js';
import { templateTopology } from '../../source/model/template-topology.js';

const topology = templateTopology({
  mode: 'swarm',
  addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'],
  name: 'ddb',
});
const [manager, worker] = hostExpectations(topology, { kind: 'url', fileName: '', bytes: undefined }).map(
  (expect) => (expect.swarm ? expect : undefined),
);
if (!manager || !worker) throw new Error('the swarm template has fewer than two hosts');

/** Probe output of a Docker host, as the probe prints it. */
function facts(lines: readonly string[]) {
  return parseHostFacts(
    ['uid 0 root', 'address 127.0.0.1/8', 'address 10.0.0.80/24', ...lines].join('\n'),
    0,
  );
}
const engine = [
  'docker.version 24.0.7',
  'docker.network bridge 172.17.0.0/16',
  'docker.network host',
  'docker.network none',
];

describe('swarm findings', () => {
  it('expects the manager and its swarm ports from the topology', () => {
    expect(manager?.swarm).toEqual({
      manager: true,
      network: 'ddb_overlay',
      subnet: '10.5.0.0/16',
      containers: ['ddb_controller1', 'ddb_agent1'],
    });
    expect(manager?.swarmPorts?.map((p) => p.port)).toEqual([2377, 7946]);
    expect(worker?.swarmPorts?.map((p) => p.port)).toEqual([7946]);
    expect(manager?.clusterDir).toBe('/ddbdocker');
  });

  it('passes an engine not yet in a swarm, with a free subnet', () => {
    const result = swarmFindings(manager, facts([...engine, 'docker.swarm inactive false']));
    expect(result.map((f) => f.level)).toEqual(['ok', 'ok', 'ok']);
    expect(result[1]?.message).toBe(
      'not in a swarm yet: it becomes the manager (docker swarm init --advertise-addr 10.0.0.80)',
    );
  });

  it('tells a missing Docker from an engine that does not answer, and a user not allowed to use it', () => {
    expect(swarmFindings(manager, facts(['docker.missing']))).toMatchObject([
      { level: 'error', message: 'Docker is not installed' },
    ]);
    const down = swarmFindings(
      manager,
      facts([
        'docker.down Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      ]),
    );
    expect(down[0]?.fix).toContain('systemctl start docker');
    const denied = parseHostFacts(
      'uid 1001 deploy\ndocker.down permission denied while trying to connect to the Docker daemon socket',
      0,
    );
    expect(swarmFindings(manager, denied)[0]?.fix).toContain('usermod -aG docker deploy');
  });

  it('refuses an engine older than 17.06 and a manager that is a worker elsewhere', () => {
    expect(
      swarmFindings(manager, facts(['docker.version 17.03.2-ce', 'docker.swarm inactive false']))[0],
    ).toMatchObject({ level: 'error' });
    expect(
      swarmFindings(manager, facts(['docker.version 20.10.24+dfsg1', 'docker.swarm inactive false']))[0],
    ).toMatchObject({ level: 'ok' });
    const worker1 = swarmFindings(manager, facts([...engine, 'docker.swarm active false']));
    expect(worker1[1]).toMatchObject({
      level: 'error',
      message: 'it is a worker of a swarm, but the topology makes it the manager',
    });
    expect(swarmFindings(worker, facts([...engine, 'docker.swarm active false']))[1]).toMatchObject({
      level: 'warning',
    });
    expect(swarmFindings(manager, facts([...engine, 'docker.swarm error false']))[1]).toMatchObject({
      level: 'error',
      message: 'its swarm state is error',
    });
  });

  it('finds an overlay subnet that overlaps a Docker network or the host network, but not its own network', () => {
    const clash = swarmFindings(
      manager,
      facts([...engine, 'docker.swarm inactive false', 'docker.network legacy 10.5.3.0/24']),
    );
    expect(clash[2]).toMatchObject({
      level: 'error',
      message: 'overlay subnet 10.5.0.0/16 overlaps Docker network legacy (10.5.3.0/24)',
    });
    const own = swarmFindings(
      manager,
      facts([...engine, 'docker.swarm active true', 'docker.network ddb_overlay 10.5.0.0/16']),
    );
    expect(own[2]).toMatchObject({ level: 'ok' });
    const hostNet = parseHostFacts(
      ['docker.version 24.0.7', 'docker.swarm inactive false', 'address 10.5.200.7/16'].join('\n'),
      0,
    );
    expect(swarmFindings(manager, hostNet)[2]?.message).toContain("the host's network 10.5.200.7/16");
  });
});
