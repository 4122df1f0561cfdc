import { changeAdminPassword, newPasswordProblem } from '../app/admin-password.js';
import { closeAll, nodeAccess } from '../app/node-access.js';
import { commandAdminLogin, passwordFromStdin } from './admin-login-option.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { paint } from './output.js';
import { parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { UsageError } from './usage-error.js';

/**
 * `admin-password -f FILE [--new-password-stdin]`: changes DolphinDB's administrator password on the
 * leader controller (changePwd) and checks that the new one logs in. The new password is typed twice
 * without echo, or read from standard input; it is never on a command line, in a file or a log.
 */
export async function runAdminPassword(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'admin-password',
    {
      file: { type: 'string', short: 'f' },
      'new-password-stdin': { type: 'boolean' },
      ...hostAccessOptions,
    },
    argv,
  );
  const planned = planFromFile(values.file, env, 'text', 'change');
  if (typeof planned === 'number') return planned;
  const { topology } = planned;
  const newPassword = values['new-password-stdin']
    ? passwordFromStdin(env, '--new-password-stdin', values.file)
    : await askTwice(env);
  const problem = newPasswordProblem(newPassword);
  if (problem) throw new UsageError(`${problem}; nothing changed`);
  // No journal: the commands here carry nothing worth keeping, and the DolphinDB password travels
  // only inside the API session, never in a remote command.
  const executors = await hostAccess(topology, values, env, undefined, { timeoutMs: 5_000 });
  // The current password: DDB_ADMIN_PASSWORD or 123456, asked for on a terminal when refused.
  const access = nodeAccess(executors, commandAdminLogin(false, values.file, env));
  let outcome;
  try {
    outcome = await changeAdminPassword(
      topology,
      access,
      newPassword,
      env.signal ?? new AbortController().signal,
    );
  } finally {
    await closeAll(executors);
  }
  if (!outcome.ok) {
    env.output.err(
      `${paint(env.output, 'red', '✗')} ${outcome.message}; nothing changed${outcome.fix ? `\n  fix: ${outcome.fix}` : ''}\n`,
    );
    return 1;
  }
  env.output.out(
    `${paint(env.output, 'green', '✓')} the admin password of cluster ${topology.name} is changed (on ${outcome.node}) and the new one logs in.\n` +
      '  Clients and the web console need it now. ddb-setup asks for it when start, stop or deploy need it;\n' +
      '  in scripts pass it with --admin-password-stdin (or DDB_ADMIN_PASSWORD).\n',
  );
  return 0;
}

/** The new password, typed twice without echo. */
async function askTwice(env: CommandEnv): Promise<string> {
  if (!env.askSecret)
    throw new UsageError(
      'admin-password needs a terminal to ask for the new password on: use --new-password-stdin in scripts',
    );
  const first = await env.askSecret('New DolphinDB admin password: ');
  const problem = newPasswordProblem(first);
  if (problem) throw new UsageError(`${problem}; nothing changed`);
  const second = await env.askSecret('Repeat the new password: ');
  if (second !== first) throw new UsageError('the two passwords differ; nothing changed');
  return first;
}
