import type { CheckFinding } from './finding.js';
import type { HostFacts } from './host-facts.js';
import type { HostExpectation } from './host-expectations.js';

/**
 * What a user other than root can do: ddb-setup itself never needs root (everything it writes is
 * under the deploy directory), so sudo matters only for the fixes an administrator may have to make.
 * A sudo password is never asked for: those fixes are shown for the user to run.
 */
export function sudoFindings(expect: HostExpectation, facts: HostFacts): CheckFinding[] {
  if (facts.uid === 0 || facts.uid === undefined) return [];
  const user = facts.user ?? 'the SSH user';
  const needsRoot = !facts.cluster.writable;
  const base = { host: expect.host, check: 'sudo' as const };
  if (facts.sudo === 'nopasswd')
    return [
      {
        ...base,
        level: 'ok',
        message: `${user} is not root; sudo works without a password (used only for fixes you approve)`,
      },
    ];
  if (!needsRoot)
    return [
      {
        ...base,
        level: 'ok',
        message: `${user} is not root and needs no sudo: it can write ${facts.cluster.base}`,
      },
    ];
  return [
    {
      ...base,
      level: 'warning',
      message:
        facts.sudo === 'password'
          ? `${user} is not root and sudo asks for a password: ddb-setup will not type it; run the fixes below yourself`
          : `${user} is not root and cannot use sudo`,
      fix: `log in as root, or give ${user} a deploy directory it owns (hosts[].deployDir)`,
    },
  ];
}
