import { parseIpv4 } from '../model/ipv4.js';
import type { CheckFinding } from './finding.js';
import type { HostFacts } from './host-facts.js';
import type { HostExpectation } from './host-expectations.js';

/** Attachable overlay networks, which seed 000's `docker network create --attachable` needs, came with 17.06. */
const minimumDocker = [17, 6] as const;

/** What DolphinDB's official compose files give each container (facts §8.2). */
const containerNofile = 65536;

/**
 * The Docker engine, swarm membership and overlay subnet of one host in mode swarm. `manager` is
 * what the probe of the swarm's manager found, when it could be probed: a member of another swarm
 * is told from a member of this one by the manager's node id.
 */
export function swarmFindings(
  expect: HostExpectation,
  facts: HostFacts,
  manager?: HostFacts,
): CheckFinding[] {
  const swarm = expect.swarm;
  if (!swarm) return [];
  const host = expect.host;
  const base = { host, check: 'docker' as const };
  const docker = facts.docker;
  if (docker.state === 'missing' || docker.state === undefined)
    return [
      {
        ...base,
        level: 'error',
        message: 'Docker is not installed',
        fix: 'apt-get install -y docker.io   # or: yum install -y docker-ce (docs.docker.com/engine/install)',
      },
    ];
  if (docker.state === 'down') {
    const denied = /permission denied/i.test(docker.error ?? '');
    return [
      {
        ...base,
        level: 'error',
        message: `the Docker engine does not answer: ${docker.error ?? 'no reason given'}`,
        fix: denied
          ? `as root: usermod -aG docker ${facts.user ?? '<user>'} (then log in again), or log in as root`
          : 'start it: systemctl start docker (systemctl status docker says why it stopped)',
      },
    ];
  }
  const results: CheckFinding[] = [];
  const [major = 0, minor = 0] = (docker.version ?? '').split('.').map((part) => Number.parseInt(part, 10));
  if (major < minimumDocker[0] || (major === minimumDocker[0] && minor < minimumDocker[1]))
    results.push({
      ...base,
      level: 'error',
      message: `Docker ${docker.version} is older than 17.06, which attachable overlay networks need`,
      fix: 'upgrade Docker (docs.docker.com/engine/install)',
    });
  else results.push({ ...base, level: 'ok', message: `Docker ${docker.version}` });
  results.push(membership(expect, facts, manager), ...subnetClashes(expect, facts));
  const nofile = facts.docker.nofile;
  if (nofile !== undefined && nofile < containerNofile)
    results.push({
      ...base,
      level: 'warning',
      message: `the Docker engine's open-files limit is ${nofile}: containers get ${nofile} instead of ${containerNofile} (a container cannot ask for more than the engine has)`,
      fix: 'raise it: systemctl edit docker → [Service] LimitNOFILE=1048576, then systemctl restart docker',
    });
  return results;
}

function membership(expect: HostExpectation, facts: HostFacts, managerFacts?: HostFacts): CheckFinding {
  const base = { host: expect.host, check: 'docker' as const };
  const state = facts.docker.swarm ?? 'unknown';
  const isManager = expect.swarm?.manager === true;
  if (state === 'inactive')
    return {
      ...base,
      level: 'ok',
      message: isManager
        ? `not in a swarm yet: it becomes the manager (docker swarm init --advertise-addr ${expect.address})`
        : 'not in a swarm yet: it joins the manager’s',
    };
  if (state !== 'active')
    return {
      ...base,
      level: 'error',
      message: `its swarm state is ${state}`,
      fix: 'docker info shows why; docker swarm leave --force resets it (only if this host holds nothing of another swarm)',
    };
  if (isManager)
    return facts.docker.manager
      ? { ...base, level: 'ok', message: 'already a manager of a swarm' }
      : {
          ...base,
          level: 'error',
          message: 'it is a worker of a swarm, but the topology makes it the manager',
          fix: 'set swarm.manager to a manager of that swarm (docker node ls on a manager shows them), or run docker swarm leave here',
        };
  // A worker: its swarm is this deployment's when it knows the manager's node among its managers.
  if (managerFacts?.docker.state !== 'up')
    return {
      ...base,
      level: 'warning',
      message: 'already a member of a swarm',
      fix: 'check it is the swarm of the manager: docker node ls there lists this host; otherwise docker swarm leave here',
    };
  const managerId = managerFacts.docker.swarm === 'active' ? managerFacts.docker.nodeId : undefined;
  if (managerId !== undefined && facts.docker.managers.includes(managerId))
    return { ...base, level: 'ok', message: 'already in this swarm' };
  return {
    ...base,
    level: 'error',
    message: `it is in another swarm${managerId === undefined ? ' (the manager is in none yet)' : ''}: ddb-setup never moves a host out of a swarm`,
    fix: 'if that swarm no longer needs this host, run docker swarm leave here; otherwise choose another host',
  };
}

/** An overlay subnet that overlaps a network of the host or of its engine routes traffic to the wrong place. */
function subnetClashes(expect: HostExpectation, facts: HostFacts): CheckFinding[] {
  const swarm = expect.swarm;
  const own = swarm ? range(swarm.subnet) : undefined;
  if (!swarm || !own) return [];
  const clashes = [
    ...facts.addresses.map((address) => ({ what: `the host's network ${address}`, cidr: address })),
    ...facts.docker.networks
      .filter((network) => network.name !== swarm.network)
      .flatMap((network) =>
        network.subnets.map((cidr) => ({ what: `Docker network ${network.name} (${cidr})`, cidr })),
      ),
  ].filter(({ cidr }) => {
    const other = range(cidr);
    return other !== undefined && other[0] <= own[1] && own[0] <= other[1];
  });
  if (clashes.length === 0)
    return [
      {
        level: 'ok',
        host: expect.host,
        check: 'docker',
        message: `overlay subnet ${swarm.subnet} clashes with no network here`,
      },
    ];
  return [
    {
      level: 'error',
      host: expect.host,
      check: 'docker',
      message: `overlay subnet ${swarm.subnet} overlaps ${clashes.map((c) => c.what).join(', ')}`,
      fix: 'choose a free private range for swarm.network.subnet (e.g. 10.5.0.0/16 → 172.29.0.0/16)',
    },
  ];
}

/** First and last address of `a.b.c.d/n`, any address inside it accepted. */
function range(cidr: string): [number, number] | undefined {
  const [address = '', prefixText = '32'] = cidr.split('/');
  const value = parseIpv4(address);
  const prefix = Number(prefixText);
  if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(value / size) * size;
  return [start, start + size - 1];
}
