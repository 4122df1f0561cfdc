/**
 * The keys OpenSSH's client tries when none is named (ssh(1), -i: ~/.ssh/id_rsa, id_ecdsa,
 * id_ed25519, …), so that a topology without `ssh.identityFile` logs in wherever `ssh user@host`
 * does — also without an ssh-agent, as on many servers used as a jump host. A key protected by a
 * passphrase is left out (ddb-setup never asks for a passphrase: ssh-agent holds such keys) and
 * named when the login fails.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';

/** OpenSSH's order, without the hardware-backed (-sk) and retired (DSA) kinds. */
const names = ['id_rsa', 'id_ecdsa', 'id_ed25519'];

export type DefaultKeys = {
  /** Keys that open without a passphrase, in the order to try them. */
  readonly usable: readonly { readonly path: string; readonly key: Buffer }[];
  /** Keys that need a passphrase (for the message when the login fails). */
  readonly locked: readonly string[];
};

/** Reads the default keys of `home` (the user's home directory unless given). */
export function defaultKeys(home = process.env['HOME'] || homedir()): DefaultKeys {
  const usable: { path: string; key: Buffer }[] = [];
  const locked: string[] = [];
  for (const name of names) {
    const path = join(home, '.ssh', name);
    let key: Buffer;
    try {
      key = readFileSync(path);
    } catch {
      continue;
    }
    const parsed = utils.parseKey(key);
    if (!(parsed instanceof Error)) usable.push({ path, key });
    else if (/encrypted|passphrase/i.test(parsed.message)) locked.push(path);
  }
  return { usable, locked };
}

/** A path under the home directory as `~/…`, as users write it. */
export function tildePath(path: string): string {
  const home = process.env['HOME'] || homedir();
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}
