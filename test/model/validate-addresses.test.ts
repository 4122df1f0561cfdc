import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { base, edit, err, expectRule, hostAt, issuesWithCode, warn, type RuleCase } from './helpers.js';

/** Nodes on P1 (10.0.0.80) and P2 (10.0.0.81). */
const cluster = base('cluster');

function withAddress(topology: Topology, index: number, address: string): Topology {
  return edit(topology, (t) => void (hostAt(t, index).address = address));
}

const cases: RuleCase[] = [
  {
    name: 'an IPv6 literal',
    failing: withAddress(cluster, 1, 'fe80::1'),
    expected: err(
      'hosts[1].address',
      'ipv6-address',
      `P2 has address fe80::1: DolphinDB's sites are "address:port:alias", so IPv6 literals cannot be used; give the server's IPv4 address or a host name`,
    ),
    passing: withAddress(cluster, 1, '10.0.0.81'),
  },
  {
    name: 'an IPv4 address with an octet over 255',
    failing: withAddress(cluster, 1, '10.0.0.256'),
    expected: err(
      'hosts[1].address',
      'invalid-address',
      `P2 has address "10.0.0.256", which is neither an IPv4 address nor a host name: use the server's intranet address, e.g. 10.0.0.80`,
    ),
    passing: withAddress(cluster, 1, '10.0.0.25'),
  },
  {
    name: 'an underscore in a host name address',
    failing: withAddress(cluster, 1, 'db_2.lan'),
    expected: err(
      'hosts[1].address',
      'invalid-address',
      `P2 has address "db_2.lan", which is neither an IPv4 address nor a host name: use the server's intranet address, e.g. 10.0.0.80`,
    ),
    passing: withAddress(cluster, 1, '10.0.0.81'),
  },
  {
    name: 'loopback in a two-host cluster',
    failing: withAddress(cluster, 1, '127.0.0.1'),
    expected: err(
      'hosts[1].address',
      'loopback-address',
      `P2 has loopback address 127.0.0.1, which other servers cannot reach: with 2 hosts use each server's intranet address`,
    ),
    // Loopback is fine when every node is on one host.
    passing: withAddress(base('cluster', 1), 0, '127.0.0.1'),
  },
  {
    name: 'localhost as a swarm manager of three hosts',
    failing: withAddress(base('swarm'), 0, 'localhost'),
    expected: err(
      'hosts[0].address',
      'loopback-address',
      `P1 has loopback address localhost, which other servers cannot reach (nor join a swarm advertised on it): with 3 hosts use each server's intranet address`,
    ),
    passing: base('swarm'),
  },
  {
    name: 'a host name instead of an IP address',
    failing: withAddress(cluster, 1, 'db2.example.internal'),
    expected: warn(
      'hosts[1].address',
      'hostname-address',
      'P2 has host name "db2.example.internal": official examples use IP addresses in sites; a name works only if every server resolves it to the same intranet address',
    ),
    passing: withAddress(cluster, 1, '10.0.0.81'),
  },
  {
    name: 'a public address',
    failing: withAddress(cluster, 1, '203.0.113.7'),
    expected: warn(
      'hosts[1].address',
      'public-address',
      'P2 has public address 203.0.113.7: DolphinDB nodes should talk over intranet addresses; put the intranet address here and the public one in ssh.address (and publicName for web access)',
    ),
    passing: edit(withAddress(cluster, 1, '10.0.0.81'), (t) => {
      hostAt(t, 1).ssh = { address: '203.0.113.7' };
    }),
  },
];

describe('address rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each(['10.1.2.3', '172.16.0.5', '172.31.255.1', '192.168.1.10', '100.64.0.1', '169.254.1.1'])(
    'takes %s as an intranet address',
    (address) => {
      expect(validateHost(address)).toEqual([]);
    },
  );

  it.each(['172.32.0.1', '192.169.0.1', '100.128.0.1', '11.0.0.1'])('takes %s as public', (address) => {
    expect(validateHost(address).map((issue) => issue.code)).toEqual(['public-address']);
  });
});

function validateHost(address: string) {
  const topology = withAddress(cluster, 1, address);
  return [
    ...issuesWithCode(topology, 'public-address'),
    ...issuesWithCode(topology, 'invalid-address'),
    ...issuesWithCode(topology, 'hostname-address'),
  ];
}
