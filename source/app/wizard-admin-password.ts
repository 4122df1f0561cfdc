import type { Topology } from '../model/topology.js';
import type { PasswordChange } from '../wizard/wizard-services.js';
import { changeAdminPassword, newPasswordProblem } from './admin-password.js';
import { connectHosts } from './connect-hosts.js';
import { adminLogin, closeAll, nodeAccess } from './node-access.js';

/**
 * The Results screen's password change: over the same connections as the deployment (SSH passwords
 * typed in the wizard, host keys it just remembered), logged in with the password deploy used.
 */
export async function changePasswordFromWizard(
  topology: Topology,
  options: {
    readonly passwords: ReadonlyMap<string, string>;
    readonly newPassword: string;
    readonly currentPassword: string;
    readonly knownHostsFile: string;
  },
): Promise<PasswordChange> {
  const problem = newPasswordProblem(options.newPassword);
  if (problem) return { outcome: 'failed', message: problem };
  const executors = await connectHosts(topology, {
    knownHostsFile: options.knownHostsFile,
    acceptNewHostKeys: false,
    passwords: options.passwords,
    timeoutMs: 5_000,
  });
  try {
    const access = nodeAccess(
      executors,
      adminLogin({ password: options.currentPassword, fix: 'change it in the web console instead' }),
    );
    const outcome = await changeAdminPassword(
      topology,
      access,
      options.newPassword,
      new AbortController().signal,
    );
    if (outcome.ok)
      return {
        outcome: 'changed',
        message: `Changed on ${outcome.node}; admin/123456 no longer logs in. Clients and the web console need the new password; give it to ddb-setup with --admin-password-stdin or DDB_ADMIN_PASSWORD.`,
      };
    if (outcome.refused)
      return {
        outcome: 'not-default',
        message: 'DolphinDB refused admin/123456: the password was already changed. Nothing changed.',
      };
    return {
      outcome: 'failed',
      message: outcome.fix ? `${outcome.message} (${outcome.fix})` : outcome.message,
    };
  } finally {
    await closeAll(executors);
  }
}
