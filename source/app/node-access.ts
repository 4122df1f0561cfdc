import type { NodeAccess } from '../deploy/actions/node-session.js';
import type { Executor } from '../deploy/executor.js';

/** DolphinDB's documented initial administrator password (facts §1.1). */
export const defaultAdminPassword = '123456';

/** The administrator login ddb-setup uses: admin, with DDB_ADMIN_PASSWORD once it was changed. */
export function adminLogin(env: NodeJS.ProcessEnv = process.env): NodeAccess['admin'] {
  return { user: 'admin', password: env['DDB_ADMIN_PASSWORD'] ?? defaultAdminPassword };
}

/** What talking to the nodes needs: each host's executor and the administrator login. */
export function nodeAccess(executors: ReadonlyMap<string, Executor>): NodeAccess {
  return {
    executor: (host) => {
      const executor = executors.get(host);
      if (!executor) throw new Error(`no executor for host ${host}`);
      return executor;
    },
    admin: adminLogin(),
  };
}

/** Closes every connection the executors opened. */
export async function closeAll(executors: ReadonlyMap<string, Executor>): Promise<void> {
  await Promise.all([...executors.values()].map((executor) => executor.close()));
}
