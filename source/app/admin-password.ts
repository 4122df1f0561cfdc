import { findLeader } from '../deploy/node-api/cluster-state.js';
import { openSession, type NodeAccess } from '../deploy/node-api/node-session.js';
import { DdbError, type DdbSession } from '../deploy/dolphindb/client.js';
import { explain, StepError } from '../deploy/step-error.js';
import type { Topology } from '../model/topology.js';
import { nodeEndpointsOf } from '../plan/planners.js';
import type { NodeEndpoint } from '../plan/plan.js';
import { defaultAdminPassword } from './node-access.js';

/**
 * Why a new administrator password is refused before DolphinDB is asked: empty, the default, or with
 * characters DolphinDB refuses ("cannot contain spaces or control characters", DOCS funcs/c/changePwd).
 */
export function newPasswordProblem(password: string): string | undefined {
  if (password === '') return 'the new password is empty';
  if (password === defaultAdminPassword) return `the new password is the default (${defaultAdminPassword})`;
  // eslint-disable-next-line no-control-regex -- control characters are what DolphinDB refuses
  if (/[\s\u0000-\u001F\u007F]/.test(password))
    return 'the new password contains a space or a control character, which DolphinDB refuses';
  return undefined;
}

/**
 * Whether admin/123456 still logs in, asked of the first of `nodes` that answers (the leader
 * first: user data lives on the controllers): null when none answers.
 */
export async function defaultPasswordWorks(
  access: NodeAccess,
  nodes: readonly NodeEndpoint[],
  signal: AbortSignal,
): Promise<boolean | null> {
  for (const node of nodes) {
    const works = await adminLogsIn(access, node, defaultAdminPassword, signal);
    if (works !== undefined) return works;
  }
  return null;
}

/** Whether `password` logs the administrator in on `node`; undefined when the node does not answer. */
async function adminLogsIn(
  access: NodeAccess,
  node: NodeEndpoint,
  password: string,
  signal: AbortSignal,
): Promise<boolean | undefined> {
  let session: DdbSession;
  try {
    session = await openSession(access, node, signal);
  } catch {
    return undefined;
  }
  try {
    await session.login('admin', password);
    return true;
  } catch (error) {
    return error instanceof DdbError ? false : undefined;
  } finally {
    session.close();
  }
}

/** The outcome of {@link changeAdminPassword}. */
export type PasswordChangeOutcome =
  | { readonly ok: true; readonly node: string }
  | {
      readonly ok: false;
      readonly message: string;
      readonly fix?: string;
      /** DolphinDB refused the current password: it is not the one ddb-setup was given. */
      readonly refused?: boolean;
    };

/**
 * Changes the administrator password where DolphinDB keeps users: on the leader controller (the
 * single node in mode single), logged in with `access.admin`; then checks that the new password logs
 * in. The passwords travel only inside API requests to that node.
 */
export async function changeAdminPassword(
  topology: Topology,
  access: NodeAccess,
  newPassword: string,
  signal: AbortSignal,
): Promise<PasswordChangeOutcome> {
  const { derived, endpoint } = nodeEndpointsOf(topology);
  const node =
    derived.controllers.length > 0
      ? await findLeader(access, derived.controllers.map(endpoint), signal)
      : topology.nodes.filter((n) => n.mode === 'single').map(endpoint)[0];
  if (!node)
    return {
      ok: false,
      message: 'no controller is leader: the password can only be changed on the leader',
      fix: 'start the cluster (`ddb-setup start`), then try again',
    };
  let session: DdbSession | undefined;
  try {
    session = await openSession(access, node, signal);
    await access.admin.logIn(session);
    await access.admin.changePassword(session, newPassword);
  } catch (error) {
    if (error instanceof StepError) {
      const { message, fix, kind } = explain(error);
      return {
        ok: false,
        message,
        ...(fix ? { fix } : {}),
        ...(kind === 'login-refused' ? { refused: true } : {}),
      };
    }
    return { ok: false, message: `${node.alias}: ${(error as Error).message}` };
  } finally {
    session?.close();
  }
  return (await adminLogsIn(access, node, defaultAdminPassword, signal)) === false &&
    (await adminLogsIn(access, node, newPassword, signal)) === true
    ? { ok: true, node: node.alias }
    : { ok: false, message: `${node.alias} accepted changePwd, but the new password does not log in` };
}
