import { adminLogin } from '../app/node-access.js';
import type { CommandEnv } from './command-env.js';
import { UsageError } from './usage-error.js';

/** `--admin-password-stdin`, for the commands that log in as DolphinDB's administrator. */
export const adminPasswordOption = { 'admin-password-stdin': { type: 'boolean' } } as const;

/** Which flag has read standard input in a command: it holds one password, so one flag only. */
const stdinReaders = new WeakMap<CommandEnv, string>();

/**
 * A password read from standard input: its first line. Never from the command line, where `ps`
 * and the shell's history would show it. Every flag that reads a password from standard input
 * comes here, so two of them in one command are refused before anything is contacted.
 */
export function passwordFromStdin(env: CommandEnv, flag: string, file: string | undefined): string {
  if (file === '-')
    throw new UsageError(`${flag} and -f - both read standard input: give the topology as a file`);
  const other = stdinReaders.get(env);
  if (other !== undefined)
    throw new UsageError(
      `${other} and ${flag} both read standard input: give one of them (--ask-password asks for the SSH password on the terminal)`,
    );
  stdinReaders.set(env, flag);
  const password = env.readStdin().split(/\r?\n/)[0] ?? '';
  if (password === '')
    throw new UsageError(`${flag}: standard input is empty: pipe the password in, e.g. < password-file`);
  return password;
}

/**
 * The administrator login of a command: the password from standard input with
 * `--admin-password-stdin`, else DDB_ADMIN_PASSWORD or DolphinDB's default; when DolphinDB refuses
 * it, asked for on a terminal, and otherwise the step fails naming the flag.
 */
export function commandAdminLogin(
  flag: boolean | undefined,
  file: string | undefined,
  env: CommandEnv,
): ReturnType<typeof adminLogin> {
  return adminLogin({
    ...(flag ? { password: passwordFromStdin(env, '--admin-password-stdin', file) } : {}),
    ...(env.askSecret ? { ask: env.askSecret } : {}),
    fix: "DolphinDB's admin password is not the one ddb-setup used: pass it with --admin-password-stdin (or set DDB_ADMIN_PASSWORD), or run on a terminal to be asked",
  });
}
