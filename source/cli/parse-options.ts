import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggestOptions } from './suggest-option.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's options strictly; mistakes become usage errors that point at `--help`. */
export function parseOptions<T extends Options>(command: string, options: T, argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (cause) {
    const message = (cause as Error).message
      .replace(/\. To specify a positional argument.*$/s, '')
      .replace(/^Unknown option/, 'unknown option');
    const typed = /^unknown option '([^']+)'/.exec(message)?.[1];
    const known = Object.keys(options).map((name) => `--${name}`);
    // A short option (`-x`) is one letter: any other letter is "one edit" from it, so no guess.
    const suggestions = typed?.startsWith('--') ? suggestOptions(typed, known) : [];
    const hint = suggestions.length > 0 ? `: did you mean ${suggestions.join(' or ')}?` : '';
    throw new UsageError(`${message}${hint} (see \`ddb-setup ${command} --help\`)`);
  }
}

/** Reads `--format text|json`. */
export function parseFormat(value: string | undefined, command: string): 'text' | 'json' {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(
    `--format ${value} is not known: use text or json (see \`ddb-setup ${command} --help\`)`,
  );
}

/** Reads a whole-number option. */
export function parseInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} ${value} is not a whole number`);
  return Number(value);
}
