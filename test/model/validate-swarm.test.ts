import { describe, expect, it } from 'vitest';
import type { SwarmSection, Topology } from '../../source/model/topology.js';
import { base, edit, err, expectRule, issuesWithCode, nodeAt, warn, type RuleCase } from './helpers.js';

/**
 * controller1–3 (nodes[0–2]) on P1–P3; agent1 (nodes[3]) with datanode1 and datanode2 on P1, and
 * likewise on P2 and P3; overlay 10.5.0.0/16; hosts at 10.0.0.80–82.
 */
const swarm = base('swarm');
/** One host: controller1, and agent1 with two data nodes: two containers. */
const small = base('swarm', 1);
const cluster = base('cluster');

function withSwarm(topology: Topology, change: (swarm: SwarmSection) => void): Topology {
  return edit(topology, (t) => {
    if (!t.swarm) throw new Error('no swarm section');
    change(t.swarm);
  });
}

function pin(topology: Topology, pins: Record<number, string>): Topology {
  return edit(topology, (t) => {
    for (const [index, ip] of Object.entries(pins)) nodeAt(t, Number(index)).ip = ip;
  });
}

const cases: RuleCase[] = [
  {
    name: 'a swarm section in mode cluster',
    failing: edit(cluster, (t) => void (t.swarm = swarm.swarm)),
    expected: warn(
      'swarm',
      'unexpected-swarm-section',
      'the swarm section is only read in mode swarm; mode is cluster, so it is ignored',
    ),
    passing: cluster,
  },
  {
    name: 'mode swarm without a swarm section',
    failing: edit(swarm, (t) => void delete t.swarm),
    expected: err(
      'swarm',
      'missing-swarm-section',
      'mode swarm needs a swarm section, e.g. `swarm: { manager: P1, image: dolphindb/dolphindb:v2.00.11.3, network: { name: ddb_overlay, subnet: 10.5.0.0/16 }, dataDir: /ddbdocker }`',
    ),
    passing: swarm,
  },
  {
    name: 'a misspelt manager',
    failing: withSwarm(swarm, (s) => void (s.manager = 'p1')),
    expected: err('swarm.manager', 'unknown-host', 'swarm.manager "p1" is not in hosts: did you mean P1?'),
    passing: withSwarm(swarm, (s) => void (s.manager = 'P1')),
  },
  {
    name: 'a manager nothing like a host',
    failing: withSwarm(swarm, (s) => void (s.manager = 'leader-box')),
    expected: err(
      'swarm.manager',
      'unknown-host',
      'swarm.manager "leader-box" is not in hosts: known hosts: P1, P2, P3',
    ),
    passing: withSwarm(swarm, (s) => void (s.manager = 'P2')),
  },
  {
    name: 'an image name in upper case',
    failing: withSwarm(swarm, (s) => void (s.image = 'DolphinDB/DolphinDB:v2.00.11.3')),
    expected: err(
      'swarm.image',
      'invalid-image',
      'swarm.image "DolphinDB/DolphinDB:v2.00.11.3" is not a Docker image reference: use e.g. dolphindb/dolphindb:v2.00.11.3',
    ),
    passing: withSwarm(swarm, (s) => void (s.image = 'registry.lan:5000/dolphindb/dolphindb:v2.00.11.3')),
  },
  {
    name: 'an image of another version',
    failing: withSwarm(swarm, (s) => void (s.image = 'dolphindb/dolphindb:v2.00.5')),
    expected: warn(
      'swarm.image',
      'image-version-mismatch',
      'swarm.image is version 2.00.5 but server.version is 2.00.11.3: configs are written for server.version, so make them agree',
    ),
    passing: withSwarm(swarm, (s) => void (s.image = 'dolphindb/dolphindb:v2.00.11.3')),
  },
  {
    name: 'a space in the network name',
    failing: withSwarm(swarm, (s) => void (s.network.name = 'ddb overlay')),
    expected: err(
      'swarm.network.name',
      'invalid-network-name',
      'network name "ddb overlay" may use letters, digits, "_", "." and "-" only (e.g. ddb_overlay)',
    ),
    passing: withSwarm(swarm, (s) => void (s.network.name = 'ddb-overlay')),
  },
  {
    name: 'a subnet with host bits set',
    failing: withSwarm(swarm, (s) => void (s.network.subnet = '10.5.0.1/16')),
    expected: err(
      'swarm.network.subnet',
      'invalid-subnet',
      'subnet "10.5.0.1/16" is not an IPv4 network in CIDR form with a prefix from /8 to /30 (e.g. 10.5.0.0/16)',
    ),
    passing: withSwarm(swarm, (s) => void (s.network.subnet = '10.5.0.0/16')),
  },
  {
    name: 'a /30 for two containers',
    failing: withSwarm(small, (s) => void (s.network.subnet = '10.5.0.0/30')),
    expected: err(
      'swarm.network.subnet',
      'subnet-exhausted',
      'subnet 10.5.0.0/30 has too few addresses for 2 containers: use a larger subnet, e.g. /24 or /16',
    ),
    passing: withSwarm(small, (s) => void (s.network.subnet = '10.5.0.0/29')),
  },
  {
    name: 'an ipRange that is not a CIDR block',
    failing: withSwarm(swarm, (s) => void (s.ipRange = '10.5.255.7/24')),
    expected: err(
      'swarm.ipRange',
      'invalid-ip-range',
      'swarm.ipRange "10.5.255.7/24" is not an IPv4 block in CIDR form (e.g. 10.5.255.0/24)',
    ),
    passing: withSwarm(swarm, (s) => void (s.ipRange = '10.5.255.0/24')),
  },
  {
    name: 'an ipRange outside the subnet',
    failing: withSwarm(swarm, (s) => void (s.ipRange = '10.6.0.0/24')),
    expected: err(
      'swarm.ipRange',
      'invalid-ip-range',
      "swarm.ipRange 10.6.0.0/24 is not inside the subnet 10.5.0.0/16: Docker allocates the overlay's own addresses from it, so it must be a block of the subnet (e.g. its last /24)",
    ),
    passing: withSwarm(swarm, (s) => void (s.ipRange = '10.5.128.0/17')),
  },
  {
    name: 'an ipRange that holds the gateway',
    failing: withSwarm(swarm, (s) => void (s.ipRange = '10.5.0.0/24')),
    expected: err(
      'swarm.ipRange',
      'invalid-ip-range',
      "swarm.ipRange 10.5.0.0/24 holds the subnet's gateway 10.5.0.1: use a block at the subnet's end, e.g. 10.5.255.0/24",
    ),
    passing: withSwarm(swarm, (s) => void (s.ipRange = '10.5.1.0/24')),
  },
  {
    name: 'a pinned container address inside the ipRange',
    failing: pin(swarm, { 0: '10.5.255.9' }),
    expected: err(
      'nodes[0].ip',
      'ip-range-overlap',
      'controller1\'s container address 10.5.255.9 lies inside swarm.ipRange 10.5.255.0/24, where Docker gives each host\'s endpoint an address (the container would not start: "Address already in use"): pin an address below 10.5.255.0',
    ),
    passing: pin(swarm, { 0: '10.5.254.9' }),
  },
  {
    name: 'an overlay subnet that holds the servers',
    failing: withSwarm(swarm, (s) => void (s.network.subnet = '10.0.0.0/16')),
    expected: [0, 1, 2].map((i) =>
      warn(
        `hosts[${i}].address`,
        'subnet-overlap',
        `P${i + 1}'s address 10.0.0.${80 + i} lies inside the overlay subnet 10.0.0.0/16: pick an overlay subnet that no server or LAN uses`,
      ),
    ),
    passing: withSwarm(swarm, (s) => void (s.network.subnet = '10.5.0.0/16')),
  },
  {
    name: 'ip outside swarm mode',
    failing: pin(cluster, { 0: '10.5.0.2' }),
    expected: err(
      'nodes[0].ip',
      'ip-outside-swarm',
      "controller1 has ip 10.5.0.2, but ip pins a container address and is only read in mode swarm: remove it (the host's address is used)",
    ),
    passing: cluster,
  },
  {
    name: 'ip on a data node',
    failing: pin(swarm, { 4: '10.5.0.20' }),
    expected: err(
      'nodes[4].ip',
      'ip-on-worker',
      "datanode1 runs inside its host's agent container and shares its address: remove ip here and pin the agent's instead",
    ),
    passing: pin(swarm, { 3: '10.5.0.20' }),
  },
  {
    name: "the gateway's address pinned",
    failing: pin(swarm, { 0: '10.5.0.1' }),
    expected: err(
      'nodes[0].ip',
      'invalid-container-ip',
      'controller1 has ip 10.5.0.1: use an address inside 10.5.0.0/16 other than the network, gateway (10.5.0.1) and broadcast addresses',
    ),
    passing: pin(swarm, { 0: '10.5.0.2' }),
  },
  {
    name: 'one address pinned twice',
    failing: pin(swarm, { 0: '10.5.0.10', 1: '10.5.0.10' }),
    expected: err(
      'nodes[1].ip',
      'duplicate-container-ip',
      'controller2 and controller1 both pin ip 10.5.0.10: give each container its own address',
    ),
    passing: pin(swarm, { 0: '10.5.0.10', 1: '10.5.0.11' }),
  },
];

describe('swarm rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each(['10.5.0.0', '10.5.255.255', '10.6.0.2', 'ten'])('rejects pinned address %s', (ip) => {
    expect(issuesWithCode(pin(swarm, { 3: ip }), 'invalid-container-ip')).toHaveLength(1);
  });

  it.each(['10.0.0.0/31', '10.5.0.0', '10.5.0.0/7', '300.5.0.0/16'])('rejects subnet %s', (subnet) => {
    expect(
      issuesWithCode(
        withSwarm(swarm, (s) => void (s.network.subnet = subnet)),
        'invalid-subnet',
      ),
    ).toHaveLength(1);
  });

  it('takes an image without a version tag as it is', () => {
    const latest = withSwarm(swarm, (s) => void (s.image = 'dolphindb/dolphindb:latest'));
    expect(issuesWithCode(latest, 'image-version-mismatch')).toEqual([]);
    expect(issuesWithCode(latest, 'invalid-image')).toEqual([]);
  });
});
