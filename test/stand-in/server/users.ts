/**
 * Users and passwords (facts §1.1: `admin` / `123456` until changed). In a DolphinDB cluster the
 * user data lives on the controllers and Raft replicates it; the stand-in has no replicated log, so
 * it models the parts an installer sees:
 * - the leader controller (or a single node) holds the passwords and applies `changePwd`; a node
 *   that is not the leader forwards the change to it;
 * - the leader pushes a change to the other controllers it reaches, so a later leader knows it;
 * - every other node checks a login with the leader, and only with its own copy when no leader
 *   answers (then an agent or data node still accepts 123456 after a change).
 * Passwords are kept in memory: a restarted process is back at 123456 (real DolphinDB keeps them).
 */
import { ScriptError } from './errors.js';
import type { NodeRuntime } from './node.js';
import { PeerError } from './peer.js';
import { bool, str, type Value } from './values.js';

/** One process's copy of the passwords. */
export class Users {
  private readonly passwords = new Map([['admin', '123456']]);

  check(user: string, password: string): boolean {
    return this.passwords.get(user) === password;
  }

  set(user: string, password: string): void {
    this.passwords.set(user, password);
  }
}

/** The leader controller's site, when this node is not the one that holds the passwords. */
function leaderSite(node: NodeRuntime): { host: string; port: number } | undefined {
  if (node.mode === 'single' || node.controller?.isLeader()) return undefined;
  const alias = node.controllerAlias();
  return alias && alias !== node.alias ? node.siteOf(alias) : undefined;
}

/** Whether `user` / `password` may log in, asked of the leader when this node is not it. */
export async function checkLogin(node: NodeRuntime, user: string, password: string): Promise<boolean> {
  const leader = leaderSite(node);
  if (leader) {
    try {
      const answer = await node.peers
        .get(leader.host, leader.port)
        .call('standinCheckLogin', [str(user), str(password)]);
      return answer.kind === 'scalar' && answer.value === true;
    } catch {
      // No leader answers: this node's own copy decides.
    }
  }
  return node.users.check(user, password);
}

/**
 * `changePwd(oldPwd, newPwd)` for the logged-in user (DOCS funcs/c/changePwd: newPwd "cannot
 * contain spaces or control characters"). The error wordings are the stand-in's own.
 */
export async function changePassword(
  node: NodeRuntime,
  user: string | undefined,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  if (!user) throw new ScriptError('Login is required to change the password.');
  // eslint-disable-next-line no-control-regex -- control characters are what the docs forbid
  if (/[\s\u0000-\u001F\u007F]/.test(newPassword))
    throw new ScriptError('The new password cannot contain spaces or control characters.');
  const leader = leaderSite(node);
  if (leader) {
    try {
      await node.peers
        .get(leader.host, leader.port)
        .call('standinChangePwd', [str(user), str(oldPassword), str(newPassword)]);
      return;
    } catch (error) {
      if (error instanceof PeerError) throw new ScriptError(error.message);
      throw new ScriptError(`Failed to reach the leader controller: ${String(error)}`);
    }
  }
  await applyChange(node, user, oldPassword, newPassword);
}

/** On the node that holds the passwords: checks the old one, sets the new one, tells the other controllers. */
export async function applyChange(
  node: NodeRuntime,
  user: string,
  oldPassword: string,
  newPassword: string,
): Promise<Value> {
  if (!node.users.check(user, oldPassword)) throw new ScriptError('The old password is incorrect.');
  node.users.set(user, newPassword);
  const others = (node.controller?.nodes ?? []).filter(
    (n) => n.mode === 'controller' && n.alias !== node.alias,
  );
  await Promise.all(
    others.map((peer) =>
      node.peers
        .get(peer.host, peer.port)
        .call('standinSetPassword', [str(user), str(newPassword)])
        .catch(() => undefined),
    ),
  );
  return bool(true);
}
