import { AdminLogin, type AdminLoginOptions } from '../deploy/node-api/admin-login.js';
import type { NodeAccess } from '../deploy/node-api/node-session.js';
import type { Executor } from '../deploy/executor.js';

/** DolphinDB's documented initial administrator password (facts §1.1). */
export const defaultAdminPassword = '123456';

/** The administrator password ddb-setup starts with: DDB_ADMIN_PASSWORD once it was changed. */
export function configuredAdminPassword(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return env['DDB_ADMIN_PASSWORD'] ?? defaultAdminPassword;
}

/**
 * The administrator login: admin with the password given (`--admin-password-stdin`), else the
 * configured one; asked for when DolphinDB refuses it and `ask` can.
 */
export function adminLogin(
  options: Partial<AdminLoginOptions> & { readonly password?: string } = {},
): AdminLogin {
  return new AdminLogin('admin', options.password ?? configuredAdminPassword(), {
    ...(options.ask ? { ask: options.ask } : {}),
    fix: options.fix ?? 'set DDB_ADMIN_PASSWORD to the administrator password, then run again',
  });
}

/** What talking to the nodes needs: each host's executor and the administrator login. */
export function nodeAccess(
  executors: ReadonlyMap<string, Executor>,
  admin: AdminLogin = adminLogin(),
): NodeAccess {
  return {
    executor: (host) => {
      const executor = executors.get(host);
      if (!executor) throw new Error(`no executor for host ${host}`);
      return executor;
    },
    admin,
  };
}

/** Closes every connection the executors opened. */
export async function closeAll(executors: ReadonlyMap<string, Executor>): Promise<void> {
  await Promise.all([...executors.values()].map((executor) => executor.close()));
}
