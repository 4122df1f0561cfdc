import {
  checkHostKey,
  fingerprint,
  readKnownHosts,
  rememberHostKey,
} from '../deploy/executors/known-hosts.js';
import { StepError } from '../deploy/step-error.js';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** OpenSSH's own known_hosts, which ddb-setup reads and adds to unless told another file. */
export function defaultKnownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

export type HostKeyPolicyOptions = {
  readonly knownHostsFile: string;
  /** Accept and remember keys of hosts never seen before (`--yes`, or the user confirmed). */
  readonly acceptNew: boolean;
  /** Told about every newly remembered key, so the user sees its fingerprint. */
  readonly onNewKey?: (host: string, address: string, fingerprint: string) => void;
};

/**
 * Trust on first use, as OpenSSH does: a known key passes; a new key is remembered only when the
 * user accepted new keys, with its fingerprint shown; a changed key always stops the connection.
 */
export function hostKeyPolicy(options: HostKeyPolicyOptions) {
  return (host: string, address: string, port: number) =>
    (key: Buffer): StepError | undefined => {
      const verdict = checkHostKey(readKnownHosts(options.knownHostsFile), address, port, key);
      const print = fingerprint(key);
      if (verdict === 'known') return undefined;
      if (verdict === 'changed')
        return new StepError(
          'refused',
          `${host} (${address}:${port}) presented a different host key (${print}) than ${options.knownHostsFile} records`,
          {
            cause:
              'the server was reinstalled or its keys replaced, or someone is intercepting the connection',
            fix: `if you know why the key changed, remove the old line with \`ssh-keygen -R ${port === 22 ? address : `'[${address}]:${port}'`} -f ${options.knownHostsFile}\` and run again`,
          },
        );
      if (!options.acceptNew)
        return new StepError(
          'refused',
          `${host} (${address}:${port}) is not in ${options.knownHostsFile}; its key is ${print}`,
          {
            fix: 'check the fingerprint with the server’s administrator, then run again with --yes to accept it (or connect once with ssh)',
          },
        );
      rememberHostKey(options.knownHostsFile, address, port, key);
      options.onNewKey?.(host, address, print);
      return undefined;
    };
}
