/**
 * The command line: `-name value` pairs. Keys that exist only on the command line (facts §1.2,
 * DOCS cfg/standalone: home, logFile, config, clusterConfig, nodesFile, console, stdoutLog,
 * maxLogSize, remoteHost, remotePort, uid, pwd, run) are kept apart; every other `-key value` is a
 * configuration key and overrides the same key of the config file (facts §1.2 "Any cfg key can be
 * given on the command line as -key value").
 */
import { fail } from './errors.js';

export const COMMAND_LINE_ONLY = new Set([
  'home',
  'logFile',
  'config',
  'clusterConfig',
  'nodesFile',
  'console',
  'stdoutLog',
  'maxLogSize',
  'remoteHost',
  'remotePort',
  'uid',
  'pwd',
  'run',
]);

export type CommandLine = {
  /** Command-line-only keys. */
  readonly only: ReadonlyMap<string, string>;
  /** Configuration overrides, in order. */
  readonly overrides: ReadonlyMap<string, string>;
};

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const only = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!/^-[A-Za-z][A-Za-z0-9_.]*$/.test(flag))
      // Stand-in wording (the real message is not documented).
      throw fail(`Invalid command line argument [${flag}]. Arguments must be given as -name value.`);
    if (value === undefined) throw fail(`The command line argument [${flag}] has no value.`);
    const key = flag.slice(1);
    // `-script dolphindb.dos` is how the official images and start scripts name the init script
    // (facts §2.7, §8.1); it is the configuration key `init`.
    const name = key === 'script' ? 'init' : key;
    if (COMMAND_LINE_ONLY.has(name)) only.set(name, value);
    else overrides.set(name, value);
  }
  return { only, overrides };
}
