import { error, warning, type Issue } from '../issues.js';
import { closest } from '../parse-topology.js';
import { topologyFormat } from '../topology.js';
import type { ValidationContext } from './context.js';

const namePattern = /^[a-z][a-z0-9-]{0,31}$/;
const hostNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** DolphinDB aliases (spec): a letter, then letters, digits, `_` or `-`. */
export const aliasPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The format line and cluster name. */
export function checkFormatAndName({ topology }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  if (topology.format !== topologyFormat) {
    issues.push(
      error(
        'format',
        'unsupported-format',
        `format is "${topology.format}": this version of ddb-setup reads \`format: ${topologyFormat}\``,
      ),
    );
  }
  if (!namePattern.test(topology.name)) {
    issues.push(
      error(
        'name',
        'invalid-name',
        `name "${topology.name}" is used in directory and container names: use a lower-case letter, then up to 31 lower-case letters, digits or "-" (e.g. demo)`,
      ),
    );
  }
  return issues;
}

/** Host names unique and usable in paths; one host entry per server address. */
export function checkHosts({ topology, usedHosts }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const seenNames = new Map<string, number>();
  const seenAddresses = new Map<string, number>();
  topology.hosts.forEach((host, index) => {
    if (!hostNamePattern.test(host.name)) {
      issues.push(
        error(
          `hosts[${index}].name`,
          'invalid-host-name',
          `host name "${host.name}" must start with a letter or digit and use only letters, digits, ".", "_" or "-"`,
        ),
      );
    }
    const firstName = seenNames.get(host.name);
    if (firstName !== undefined) {
      issues.push(
        error(
          `hosts[${index}].name`,
          'duplicate-host',
          `host name "${host.name}" is also used by hosts[${firstName}]: give each host its own name`,
        ),
      );
    } else seenNames.set(host.name, index);
    const firstAddress = seenAddresses.get(host.address);
    if (firstAddress !== undefined) {
      const other = topology.hosts[firstAddress]?.name ?? '';
      issues.push(
        error(
          `hosts[${index}].address`,
          'duplicate-address',
          `${host.name} and ${other} both have address ${host.address}: one server is one host, so list all its processes under ${other}`,
        ),
      );
    } else seenAddresses.set(host.address, index);
  });
  const used = new Set(usedHosts);
  const managerHost = topology.mode === 'swarm' ? topology.swarm?.manager : undefined;
  topology.hosts.forEach((host, index) => {
    if (!used.has(host.name) && host.name !== managerHost && seenNames.get(host.name) === index) {
      issues.push(
        warning(
          `hosts[${index}]`,
          'unused-host',
          `host ${host.name} runs no node: add nodes for it or remove it`,
        ),
      );
    }
  });
  return issues;
}

/** Aliases valid and unique (case-sensitive, as DolphinDB treats them); node hosts exist. */
export function checkAliasesAndHosts({ topology, hostsByName }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  const hostNames = [...hostsByName.keys()];
  topology.nodes.forEach((node, index) => {
    const path = `nodes[${index}]`;
    if (!aliasPattern.test(node.alias)) {
      issues.push(
        error(
          `${path}.alias`,
          'invalid-alias',
          `alias "${node.alias}" must start with a letter and use only letters, digits, "_" or "-" (e.g. datanode1)`,
        ),
      );
    }
    const first = exact.get(node.alias);
    if (first !== undefined) {
      issues.push(
        error(
          `${path}.alias`,
          'duplicate-alias',
          `alias "${node.alias}" is already used by nodes[${first}]: aliases must be unique in the cluster`,
        ),
      );
    } else {
      exact.set(node.alias, index);
      const sameFolded = folded.get(node.alias.toLowerCase());
      if (sameFolded !== undefined) {
        const other = topology.nodes[sameFolded]?.alias ?? '';
        issues.push(
          warning(
            `${path}.alias`,
            'alias-case',
            `aliases "${other}" and "${node.alias}" differ only in case: DolphinDB keeps them apart, people and scripts often do not`,
          ),
        );
      } else folded.set(node.alias.toLowerCase(), index);
    }
    if (!hostsByName.has(node.host)) {
      const hint = closest(node.host, hostNames);
      const advice = hint ? `did you mean ${hint}?` : `known hosts: ${hostNames.join(', ') || 'none'}`;
      issues.push(
        error(
          `${path}.host`,
          'unknown-host',
          `${node.alias} runs on host "${node.host}", which is not in hosts: ${advice}`,
        ),
      );
    }
  });
  return issues;
}
