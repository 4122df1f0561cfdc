import { error, warning, type Issue } from '../issues.js';
import { formatIpv4, inSubnet, parseIpv4, parseSubnet } from '../ipv4.js';
import { closest } from '../parse-topology.js';
import { formatCidr, overlayIpRange } from '../swarm-network.js';
import type { ValidationContext } from './context.js';

const imagePattern =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const networkPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The swarm section exists exactly in mode swarm, and its fields are usable (seed 000). */
export function checkSwarmSection(context: ValidationContext): Issue[] {
  const { topology, hostsByName } = context;
  const { swarm } = topology;
  if (topology.mode !== 'swarm') {
    return swarm
      ? [
          warning(
            'swarm',
            'unexpected-swarm-section',
            `the swarm section is only read in mode swarm; mode is ${topology.mode}, so it is ignored`,
          ),
        ]
      : [];
  }
  if (!swarm) {
    const manager = topology.hosts[0]?.name ?? 'P1';
    return [
      error(
        'swarm',
        'missing-swarm-section',
        `mode swarm needs a swarm section, e.g. \`swarm: { manager: ${manager}, image: dolphindb/dolphindb:v${topology.server.version}, network: { name: ddb_overlay, subnet: 10.5.0.0/16 }, dataDir: /ddbdocker }\``,
      ),
    ];
  }
  const issues: Issue[] = [];
  if (!hostsByName.has(swarm.manager)) {
    const names = [...hostsByName.keys()];
    const hint = closest(swarm.manager, names);
    const advice = hint ? `did you mean ${hint}?` : `known hosts: ${names.join(', ') || 'none'}`;
    issues.push(
      error('swarm.manager', 'unknown-host', `swarm.manager "${swarm.manager}" is not in hosts: ${advice}`),
    );
  }
  if (!imagePattern.test(swarm.image)) {
    issues.push(
      error(
        'swarm.image',
        'invalid-image',
        `swarm.image "${swarm.image}" is not a Docker image reference: use e.g. dolphindb/dolphindb:v${topology.server.version}`,
      ),
    );
  } else {
    const tag = /:v?(\d+(?:\.\d+){2,3})[^/:]*$/.exec(swarm.image)?.[1];
    if (tag !== undefined && tag !== topology.server.version) {
      issues.push(
        warning(
          'swarm.image',
          'image-version-mismatch',
          `swarm.image is version ${tag} but server.version is ${topology.server.version}: configs are written for server.version, so make them agree`,
        ),
      );
    }
  }
  if (!networkPattern.test(swarm.network.name)) {
    issues.push(
      error(
        'swarm.network.name',
        'invalid-network-name',
        `network name "${swarm.network.name}" may use letters, digits, "_", "." and "-" only (e.g. ddb_overlay)`,
      ),
    );
  }
  const subnet = parseSubnet(swarm.network.subnet);
  if (!subnet) {
    issues.push(
      error(
        'swarm.network.subnet',
        'invalid-subnet',
        `subnet "${swarm.network.subnet}" is not an IPv4 network in CIDR form with a prefix from /8 to /30 (e.g. 10.5.0.0/16)`,
      ),
    );
    return issues;
  }
  const range = overlayIpRange(swarm);
  if (!range || range.base < subnet.base || range.base + range.size > subnet.base + subnet.size) {
    issues.push(
      error(
        'swarm.ipRange',
        'invalid-ip-range',
        range
          ? `swarm.ipRange ${swarm.ipRange} is not inside the subnet ${swarm.network.subnet}: Docker allocates the overlay's own addresses from it, so it must be a block of the subnet (e.g. its last /24)`
          : `swarm.ipRange "${swarm.ipRange}" is not an IPv4 block in CIDR form (e.g. 10.5.255.0/24)`,
      ),
    );
  } else if (range.base <= subnet.base + 1) {
    issues.push(
      error(
        'swarm.ipRange',
        'invalid-ip-range',
        `swarm.ipRange ${formatCidr(range)} holds the subnet's gateway ${formatIpv4(subnet.base + 1)}: use a block at the subnet's end, e.g. ${formatCidr(overlayIpRange({ network: swarm.network }) ?? range)}`,
      ),
    );
  } else {
    topology.nodes.forEach((node, index) => {
      const container = context.book.containers.find((c) => c.main === node);
      const ip = container?.ip === undefined ? undefined : parseIpv4(container.ip);
      if (ip === undefined || ip < range.base || ip >= range.base + range.size) return;
      issues.push(
        error(
          node.ip === undefined ? 'swarm.ipRange' : `nodes[${index}].ip`,
          'ip-range-overlap',
          `${node.alias}'s container address ${container?.ip} lies inside swarm.ipRange ${formatCidr(range)}, where Docker gives each host's endpoint an address (the container would not start: "Address already in use"): ${node.ip === undefined ? 'move swarm.ipRange to the end of the subnet' : `pin an address below ${formatIpv4(range.base)}`}`,
        ),
      );
    });
  }
  const containers = context.book.containers;
  if (containers.some((c) => c.ip === undefined)) {
    issues.push(
      error(
        'swarm.network.subnet',
        'subnet-exhausted',
        `subnet ${swarm.network.subnet} has too few addresses for ${containers.length} containers: use a larger subnet, e.g. /24 or /16`,
      ),
    );
  }
  topology.hosts.forEach((host, index) => {
    const ip = parseIpv4(host.address);
    if (ip !== undefined && inSubnet(subnet, ip)) {
      issues.push(
        warning(
          `hosts[${index}].address`,
          'subnet-overlap',
          `${host.name}'s address ${host.address} lies inside the overlay subnet ${swarm.network.subnet}: pick an overlay subnet that no server or LAN uses`,
        ),
      );
    }
  });
  return issues;
}

/** `ip:` only in swarm, only on controllers and agents, inside the subnet, and unique. */
export function checkContainerAddresses(context: ValidationContext): Issue[] {
  const { topology } = context;
  const issues: Issue[] = [];
  const subnet =
    topology.mode === 'swarm' && topology.swarm ? parseSubnet(topology.swarm.network.subnet) : undefined;
  const seen = new Map<string, string>();
  topology.nodes.forEach((node, index) => {
    if (node.ip === undefined) return;
    const path = `nodes[${index}].ip`;
    if (topology.mode !== 'swarm') {
      issues.push(
        error(
          path,
          'ip-outside-swarm',
          `${node.alias} has ip ${node.ip}, but ip pins a container address and is only read in mode swarm: remove it (the host's address is used)`,
        ),
      );
      return;
    }
    if (node.mode === 'datanode' || node.mode === 'computenode') {
      issues.push(
        error(
          path,
          'ip-on-worker',
          `${node.alias} runs inside its host's agent container and shares its address: remove ip here and pin the agent's instead`,
        ),
      );
      return;
    }
    const value = parseIpv4(node.ip);
    if (
      subnet &&
      (value === undefined ||
        !inSubnet(subnet, value) ||
        value <= subnet.base + 1 ||
        value === subnet.base + subnet.size - 1)
    ) {
      issues.push(
        error(
          path,
          'invalid-container-ip',
          `${node.alias} has ip ${node.ip}: use an address inside ${topology.swarm?.network.subnet} other than the network, gateway (${formatIpv4(subnet.base + 1)}) and broadcast addresses`,
        ),
      );
      return;
    }
    const other = seen.get(node.ip);
    if (other !== undefined)
      issues.push(
        error(
          path,
          'duplicate-container-ip',
          `${node.alias} and ${other} both pin ip ${node.ip}: give each container its own address`,
        ),
      );
    else seen.set(node.ip, node.alias);
  });
  return issues;
}
