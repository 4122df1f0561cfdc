import { error, warning, type Issue } from '../issues.js';
import { isLoopback, isPrivateIpv4, parseIpv4 } from '../ipv4.js';
import type { ValidationContext } from './context.js';

const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Host addresses as DolphinDB's `localSite` needs them: IPv4 or a name (no IPv6: the site format is
 * colon-separated), loopback only when everything runs on one host, intranet rather than public
 * (seed 002 §1).
 */
export function checkAddresses({ topology, usedHosts }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const oneHost = usedHosts.length <= 1;
  topology.hosts.forEach((host, index) => {
    const path = `hosts[${index}].address`;
    const { address } = host;
    if (address.includes(':')) {
      issues.push(
        error(
          path,
          'ipv6-address',
          `${host.name} has address ${address}: DolphinDB's sites are "address:port:alias", so IPv6 literals cannot be used; give the server's IPv4 address or a host name`,
        ),
      );
      return;
    }
    const ip = parseIpv4(address);
    if (ip === undefined && (/^[\d.]+$/.test(address) || !hostnamePattern.test(address))) {
      issues.push(
        error(
          path,
          'invalid-address',
          `${host.name} has address "${address}", which is neither an IPv4 address nor a host name: use the server's intranet address, e.g. 10.0.0.80`,
        ),
      );
      return;
    }
    if (isLoopback(address)) {
      if (!oneHost) {
        issues.push(
          error(
            path,
            'loopback-address',
            `${host.name} has loopback address ${address}, which other servers cannot reach${topology.mode === 'swarm' ? ' (nor join a swarm advertised on it)' : ''}: with ${usedHosts.length} hosts use each server's intranet address`,
          ),
        );
      }
      return;
    }
    if (ip === undefined) {
      issues.push(
        warning(
          path,
          'hostname-address',
          `${host.name} has host name "${address}": official examples use IP addresses in sites; a name works only if every server resolves it to the same intranet address`,
        ),
      );
    } else if (!isPrivateIpv4(ip)) {
      issues.push(
        warning(
          path,
          'public-address',
          `${host.name} has public address ${address}: DolphinDB nodes should talk over intranet addresses; put the intranet address here and the public one in ssh.address (and publicName for web access)`,
        ),
      );
    }
  });
  return issues;
}
