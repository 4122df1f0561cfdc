/**
 * What a login to one host offers, in OpenSSH's client's order: the named key, or else the agent's
 * keys and then ~/.ssh's default keys (default-keys.ts); then the password if one was given. Also
 * what to name when the login is refused — never a secret, only where keys came from.
 */
import type { Config } from 'node-ssh';
import type { AnyAuthMethod } from 'ssh2';
import { defaultKeys, tildePath } from './default-keys.js';
import type { SshTarget } from './ssh-target.js';

export type LoginOffer = {
  /** The login part of node-ssh's configuration. */
  readonly config: Partial<Config>;
  /** What is offered, for "the login was refused (tried: …)". */
  readonly tried: readonly string[];
  /** Default keys left out because they need a passphrase. */
  readonly locked: readonly string[];
};

export function loginOffer(t: SshTarget): LoginOffer {
  const agent = process.env['SSH_AUTH_SOCK'] || undefined;
  // No key named: as OpenSSH's client, the agent's keys first, then ~/.ssh's default keys.
  const keys = t.identityFile === undefined ? defaultKeys() : undefined;
  const username = t.user;
  const methods: AnyAuthMethod[] =
    keys && keys.usable.length > 0
      ? [
          ...(agent ? [{ type: 'agent' as const, username, agent }] : []),
          ...keys.usable.map(({ key }) => ({ type: 'publickey' as const, username, key })),
          ...(t.password !== undefined
            ? [{ type: 'password' as const, username, password: t.password }]
            : []),
        ]
      : [];
  return {
    config: {
      ...(t.identityFile !== undefined ? { privateKeyPath: t.identityFile } : {}),
      ...(t.passphrase !== undefined ? { passphrase: t.passphrase } : {}),
      ...(t.password !== undefined ? { password: t.password } : {}),
      ...(agent ? { agent } : {}),
      ...(methods.length > 0 ? { authHandler: methods } : {}),
    },
    tried: [
      ...(t.identityFile !== undefined ? [t.identityFile] : []),
      ...(agent ? ['ssh-agent'] : []),
      ...(keys?.usable.map((k) => tildePath(k.path)) ?? []),
      ...(t.password !== undefined ? ['the password'] : []),
    ],
    locked: keys?.locked ?? [],
  };
}
