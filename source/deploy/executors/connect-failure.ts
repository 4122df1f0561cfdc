/**
 * Why a connection or login failed, in words a user can act on: a name that does not resolve, a
 * refused or unanswered port, a port without an SSH server, no algorithm in common, a locked key,
 * a refused login (naming what was offered) — each its own message and fix.
 */
import { StepError } from '../step-error.js';
import { tildePath } from './default-keys.js';
import type { SshTarget } from './ssh-target.js';
import type { LoginOffer } from './ssh-login.js';

/** Tells an unreachable host from a refused login, each with what to check. */
export function connectFailure(
  t: SshTarget,
  cause: Error & { code?: string; level?: string },
  login: Pick<LoginOffer, 'tried' | 'locked'>,
  timeoutMs: number,
): StepError {
  const where = `${t.host} (${t.user}@${t.address}:${t.port})`;
  const code = cause.code ?? '';
  // node-ssh reads the named key before connecting; its own words name no file.
  if (t.identityFile !== undefined && /privateKeyPath does not exist/i.test(cause.message))
    return new StepError('login-refused', `${where}: the key file ${t.identityFile} does not exist`, {
      fix: "set ssh.identityFile to your private key's path (e.g. ~/.ssh/id_ed25519), or remove it to use ssh-agent and ~/.ssh's keys",
    });
  if (t.identityFile !== undefined && (code === 'EACCES' || code === 'EISDIR'))
    return new StepError(
      'login-refused',
      `${where}: the key file ${t.identityFile} cannot be read (${code})`,
      {
        fix: `give your user read access to ${t.identityFile} (chmod 600, owned by you), or name another key in ssh.identityFile`,
      },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new StepError('unreachable', `${where}: the name ${t.address} does not resolve`, {
      fix: 'use the IP address, or add the name to DNS or /etc/hosts',
    });
  if (code === 'ECONNREFUSED')
    return new StepError(
      'unreachable',
      `${where}: connection refused: no SSH server listens on port ${t.port}`,
      {
        fix: `start sshd on ${t.address}, or set ssh.port for this host`,
      },
    );
  // The TCP connection was made, but what answered on the port was no (willing) SSH server.
  const trySsh = `try: ssh -p ${t.port} ${t.user}@${t.address}`;
  if (/waiting for handshake/i.test(cause.message))
    return new StepError(
      'unreachable',
      `${where}: the port accepted the connection, but no SSH server greeted within ${Math.round(timeoutMs / 1000)} s`,
      {
        fix: `check that port ${t.port} is sshd's (ssh.port) and that sshd is not overloaded (MaxStartups); ${trySsh}`,
      },
    );
  if (/lost before handshake/i.test(cause.message) || code === 'ECONNRESET')
    return new StepError(
      'unreachable',
      `${where}: the connection was closed before SSH answered: port ${t.port} is not an SSH server's, or sshd turned this machine away`,
      {
        fix: `check that port ${t.port} is sshd's (ssh.port), and that sshd accepts this machine (hosts.deny, fail2ban, AllowUsers, MaxStartups); ${trySsh}`,
      },
    );
  if (/handshake failed/i.test(cause.message))
    return new StepError(
      'unreachable',
      `${where}: no SSH algorithm in common with the server: ${cause.message}`,
      {
        fix: 'the server offers only algorithms OpenSSH retired (e.g. ssh-dss, diffie-hellman-group1): update OpenSSH on the host',
      },
    );
  if (
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ETIMEDOUT' ||
    /timed out/i.test(cause.message)
  )
    return new StepError('unreachable', `${where}: no answer (${code || 'timeout'})`, {
      fix: 'check that the host is up and that no firewall blocks the SSH port',
    });
  if (/encrypted private .*key detected|bad passphrase|passphrase/i.test(cause.message))
    return new StepError(
      'login-refused',
      `${where}: the key ${t.identityFile ?? ''} is protected by a passphrase`,
      {
        // ddb-setup never asks for or keeps a passphrase: the agent holds the unlocked key.
        fix: `load it into ssh-agent once (ssh-add ${t.identityFile ?? '<key>'}) and run again without ssh.identityFile, or with SSH_AUTH_SOCK set`,
      },
    );
  if (cause.level === 'client-authentication' || /authentication methods failed/i.test(cause.message))
    return new StepError(
      'login-refused',
      `${where}: the login was refused (tried: ${login.tried.length > 0 ? login.tried.join(', ') : 'no key, agent or password'})`,
      {
        fix:
          login.locked.length > 0
            ? `${login.locked.map(tildePath).join(' and ')} ${login.locked.length > 1 ? 'need' : 'needs'} a passphrase: load ${login.locked.length > 1 ? 'them' : 'it'} into ssh-agent (ssh-add ${login.locked.map(tildePath).join(' ')}); or set ssh.user / ssh.identityFile, or give the password when asked`
            : 'check ssh.user and ssh.identityFile, load the key into ssh-agent, or give the password when asked (--ask-password)',
      },
    );
  return new StepError('unreachable', `${where}: ${cause.message}`);
}
