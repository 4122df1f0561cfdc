import { connectHosts } from '../app/connect-hosts.js';
import type { Journal } from '../store/journal.js';
import type { Executor } from '../deploy/executor.js';
import type { Topology } from '../model/topology.js';
import type { CommandEnv } from './command-env.js';
import { passwordFromStdin } from './admin-login-option.js';
import { paint } from './output.js';
import { UsageError } from './usage-error.js';

/** The options of every command that logs in to the hosts. */
export const hostAccessOptions = {
  yes: { type: 'boolean', short: 'y' },
  'known-hosts': { type: 'string' },
  'ask-password': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
} as const;

type HostAccessValues = {
  file?: string;
  yes?: boolean;
  'known-hosts'?: string;
  'ask-password'?: boolean;
  'password-stdin'?: boolean;
};

/**
 * Connections to the topology's hosts as the user asked: `--ask-password` (one password, asked on
 * the terminal) or `--password-stdin` (read from standard input), kept in memory and used for every host,
 * every remote command recorded in the run's journal with the password redacted, `--known-hosts FILE`, and new host keys
 * accepted with `--yes` or confirmed one by one on the terminal with their fingerprints.
 */
export async function hostAccess(
  topology: Topology,
  values: HostAccessValues,
  env: CommandEnv,
  /** Records every remote command; absent for read-only commands (status), which keep no journal. */
  journal: Journal | undefined,
  options: {
    readonly timeoutMs?: number;
    readonly connectTimeoutMs?: number;
    /** Told the SSH password when one is given: `collect` removes it from everything it writes. */
    readonly onSecret?: (secret: string) => void;
  } = {},
): Promise<Map<string, Executor>> {
  let password: string | undefined;
  if (values['password-stdin']) {
    // For scripts, as `docker login --password-stdin`: never an argument (which `ps` would show).
    password = passwordFromStdin(env, '--password-stdin', values.file);
  } else if (values['ask-password']) {
    if (!env.askSecret)
      throw new UsageError('--ask-password needs a terminal to ask on: use a key or ssh-agent instead');
    password = await env.askSecret('SSH password (kept in memory only): ');
  }
  if (password !== undefined) options.onSecret?.(password);
  const confirm = env.confirm;
  return connectHosts(topology, {
    acceptNewHostKeys: values.yes === true,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
    ...(password !== undefined
      ? { passwords: new Map(topology.hosts.map((host) => [host.name, password])) }
      : {}),
    ...(confirm
      ? {
          confirmHostKey: (q) =>
            confirm(
              `${q.host} (${q.address}:${q.port}) is not in ${q.knownHostsFile}. Its host key is ${q.fingerprint}. Trust it and remember it?`,
            ),
        }
      : {}),
    onNewHostKey: (host, address, fingerprint) =>
      env.output.err(
        `${paint(env.output, 'yellow', '!')} ${host} (${address}): new host key ${fingerprint} remembered\n`,
      ),
    ...(journal ? { record: { journal, now: env.now } } : {}),
  });
}
