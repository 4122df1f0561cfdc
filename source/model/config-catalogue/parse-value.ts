import {
  unitNames,
  type ConfigParameter,
  type TextShape,
  type Unit,
  type ValueType,
} from './parameter-types.js';
import { findParameter } from './parameters.js';

/**
 * A config value as ddb-setup reads and writes it. YAML numbers and booleans reach here as their
 * source text (parse-topology.ts keeps `1.50` as written); the wizard and `template` give numbers.
 * Render writes every value verbatim (the topology's contract); a value DolphinDB would misread
 * unless rewritten (a 0/1 key's `true`, a boolean's `TRUE`, a list with spaces, spaces around a
 * value, `+4`) is a problem whose fix is the text to write (see `verbatim`).
 */
export type ParsedValue = {
  /** The text written after `key=`. */
  readonly text: string;
  /** The number it stands for, in the parameter's unit; also when written with another unit. */
  readonly number?: number;
  /** What is wrong and the fix, when DolphinDB would not read it as meant. */
  readonly problem?: string;
};

/** Reads `value` for the key written as `label` (`maxMemSize`, `datanode1.maxMemSize`). */
export function parseConfigValue(
  label: string,
  value: string | number | boolean,
  parameter: ConfigParameter | undefined,
): ParsedValue {
  const raw = String(value);
  const text = raw.trim();
  if (/[\r\n]/.test(raw))
    return {
      text,
      problem: `${label} has a line break in its value, which would split the config line: write it on one line`,
    };
  if (text === '')
    return {
      text,
      problem: `${label} is empty: give it a value, or write \`${label}: null\` to leave it out`,
    };
  const type = parameter?.type;
  // Paths have their own, stricter character rules (validators/paths.ts).
  if (type?.kind !== 'path' && type?.kind !== 'paths') {
    const unsafe = unsafeSequence(text, type?.kind === 'string' && type.shape === 'url');
    if (unsafe !== undefined)
      return {
        text,
        problem: `${label} contains ${JSON.stringify(unsafe)}: a config value may not hold control characters or $ \` ; | & \\ ' " < > (apart from <ALIAS>), which a shell or the config line would misread; remove it`,
      };
  }
  if (type === undefined) return { text };
  return verbatim(label, raw, type, parseTyped(label, text, type));
}

/**
 * The topology's contract: config values are written verbatim. A value DolphinDB would read only
 * once rewritten (dataSync `true`, `TRUE`, a list with spaces, spaces around a value) is therefore
 * not rewritten silently but reported, with the text to write.
 */
function verbatim(label: string, raw: string, type: ValueType, parsed: ParsedValue): ParsedValue {
  if (parsed.problem !== undefined || parsed.text === raw) return parsed;
  const write = parsed.text;
  const problem =
    type.kind === 'flag'
      ? `${label} takes 0 or 1: write ${write}`
      : type.kind === 'boolean'
        ? `${label} takes true or false, in lower case: write ${write}`
        : (type.kind === 'list' || type.kind === 'paths') && raw.trim() !== write
          ? `${label} is a comma-separated list without spaces: write ${write}`
          : raw.trim() !== raw
            ? `${label} has spaces around its value: write ${write}`
            : `${label}: write ${write}`;
  return { ...parsed, text: raw, problem };
}

/**
 * The first character sequence that could run a command or end the `key=value` line. Values only
 * reach the servers inside config files (sent base64-encoded), but a value is also shown, copied
 * and pasted into shells, and DolphinDB's own reading of such characters is undocumented. A URL may
 * carry `&` between query parameters.
 */
function unsafeSequence(text: string, url: boolean): string | undefined {
  return (url ? unsafeInUrlPattern : unsafePattern).exec(text.replaceAll('<ALIAS>', ''))?.[0];
}
/* eslint-disable no-control-regex -- control characters are what these look for */
const unsafePattern = /[\x00-\x1f\x7f]|\$\(|\$\{|[$`;|&\\'"<>]/;
const unsafeInUrlPattern = /[\x00-\x1f\x7f]|\$\(|\$\{|[$`;|\\'"<>]/;
/* eslint-enable no-control-regex */

function parseTyped(label: string, text: string, type: ValueType): ParsedValue {
  switch (type.kind) {
    case 'int':
    case 'number':
      return parseNumber(label, text, type);
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'false', '1', '0'].includes(lower)) return { text: lower };
      return {
        text,
        problem: `${label} takes true or false: write ${guessBoolean(lower) ?? 'true or false'}`,
      };
    }
    case 'flag': {
      const lower = text.toLowerCase();
      if (lower === '1' || lower === 'true') return { text: '1', number: 1 };
      if (lower === '0' || lower === 'false') return { text: '0', number: 0 };
      const guess = guessBoolean(lower);
      return {
        text,
        problem: `${label} takes 0 or 1: write ${guess === undefined ? '0 or 1' : guess === 'true' ? '1' : '0'}`,
      };
    }
    case 'enum': {
      if (type.choices.includes(text)) return { text };
      const sameCase = type.choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
      // The reference reads these in any case: the value is fine as written.
      if (sameCase !== undefined && type.anyCase) return { text };
      if (sameCase !== undefined) return { text, problem: `${label} is case-sensitive: write ${sameCase}` };
      return { text, problem: `${label} takes ${orList(type.choices)}: write one of them` };
    }
    case 'path':
      return { text };
    case 'paths':
      return { text: splitList(text).join(',') };
    case 'list': {
      const items = splitList(text);
      if (items.includes(''))
        return { text, problem: `${label} has an empty item between commas: remove the extra comma` };
      const wrong = items.find((item) => !shapes[type.item].pattern.test(item));
      if (wrong !== undefined)
        return { text, problem: `${label} item "${wrong}" is not ${shapeHint(type.item)}` };
      return { text: items.join(',') };
    }
    case 'string':
      if (!shapes[type.shape].pattern.test(text))
        return { text, problem: `${label} "${text}" is not ${shapeHint(type.shape)}` };
      return { text };
  }
}

type NumberType = Extract<ValueType, { kind: 'int' | 'number' }>;

const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const numberWithUnit = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-z]+)$/;

function parseNumber(label: string, text: string, type: NumberType): ParsedValue {
  const whole = type.kind === 'int';
  const what = `${label} is ${whole ? 'a whole number' : 'a number'} of ${type.of}: write e.g. ${type.example}`;
  if (plainNumber.test(text)) {
    const written = text.startsWith('+') ? text.slice(1) : text;
    const number = Number(written);
    if (whole && !Number.isInteger(number))
      return {
        text: written,
        number,
        problem: `${label} is a whole number of ${type.of}: write ${Math.round(number)}`,
      };
    const bound = outOfRange(number, type);
    if (bound !== undefined)
      return {
        text: written,
        number,
        problem: `${label} is ${written}, but it must be ${bound}: write e.g. ${type.example}`,
      };
    return { text: written, number };
  }
  const suffixed = numberWithUnit.exec(text);
  const converted =
    suffixed && type.unit ? convert(Number(suffixed[1]), suffixed[2] ?? '', type.unit) : undefined;
  if (converted === undefined || type.unit === undefined) return { text, problem: what };
  const shown = whole ? Math.round(converted) : round(converted);
  return { text, number: converted, problem: `${label} is in ${unitNames[type.unit]}: write ${shown}` };
}

function outOfRange(number: number, type: NumberType): string | undefined {
  const { min, max, above } = type;
  const low = min !== undefined && (above ? number <= min : number < min);
  const high = max !== undefined && number > max;
  if (!low && !high) return undefined;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return above ? `more than ${min}` : `at least ${min}`;
  return `at most ${String(max)}`;
}

/** Sizes in KB and durations in milliseconds, by the spellings people write after a number. */
const sizes: Record<string, number> = {
  k: 1,
  kb: 1,
  kib: 1,
  m: 1024,
  mb: 1024,
  mib: 1024,
  g: 1024 ** 2,
  gb: 1024 ** 2,
  gib: 1024 ** 2,
  t: 1024 ** 3,
  tb: 1024 ** 3,
  tib: 1024 ** 3,
};
const durations: Record<string, number> = {
  ms: 1,
  msec: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};
const unitScale: Record<Unit, readonly [Record<string, number>, number]> = {
  KB: [sizes, 1],
  MB: [sizes, 1024],
  GB: [sizes, 1024 ** 2],
  milliseconds: [durations, 1],
  seconds: [durations, 1000],
  minutes: [durations, 60_000],
  days: [durations, 86_400_000],
};

/** `amount` of `suffix` in `unit`, or undefined when the suffix is not a size or time that unit takes. */
function convert(amount: number, suffix: string, unit: Unit): number | undefined {
  const [table, scale] = unitScale[unit];
  const factor = table[suffix.toLowerCase()];
  return factor === undefined ? undefined : (amount * factor) / scale;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function guessBoolean(lower: string): 'true' | 'false' | undefined {
  if (['yes', 'y', 'on', 'enable', 'enabled'].includes(lower)) return 'true';
  if (['no', 'n', 'off', 'disable', 'disabled'].includes(lower)) return 'false';
  return undefined;
}

function orList(items: readonly string[]): string {
  return items.length === 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}

const shapes: Record<TextShape, { readonly pattern: RegExp; readonly hint: string }> = {
  name: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, hint: 'a name of letters, digits and _, e.g. myView' },
  host: {
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/,
    hint: 'an IP address or domain name, e.g. db.example.com',
  },
  'host-port': { pattern: /^[A-Za-z0-9.-]+:\d{1,5}$/, hint: 'host:port, e.g. 10.0.0.80:8800' },
  site: {
    pattern: /^[A-Za-z0-9.-]+:\d{1,5}:[A-Za-z][A-Za-z0-9_-]*$/,
    hint: 'host:port:alias, e.g. 10.0.0.80:8800:controller1',
  },
  url: { pattern: /^https?:\/\/\S+$/, hint: 'an http or https URL, e.g. https://sso.example.com/authorize' },
  module: {
    pattern: /^[A-Za-z0-9_]+(?:::[A-Za-z0-9_]+)*$/,
    hint: 'a module or plugin, e.g. plugins::mysql or system::log::fileLog',
  },
  'raft-group': {
    pattern: /^\d+(?::[A-Za-z][A-Za-z0-9_-]*)+$/,
    hint: 'a Raft group id:alias:alias…, e.g. 2:datanode1:datanode2:datanode3',
  },
  'raft-alias': { pattern: /^[A-Za-z][A-Za-z0-9_-]*:\d+$/, hint: 'name:group id, e.g. orders:2' },
  'core-range': { pattern: /^\d+(?:-\d+)?$/, hint: 'a CPU core number or range, e.g. 1-4' },
  'dfs-path': { pattern: /^dfs:\/\/[A-Za-z0-9_./-]+$/, hint: 'a database path, e.g. dfs://db1' },
  'storage-url': {
    pattern: /^(?:(?:file|s3):\/\/\S+|\/\S*)$/,
    hint: 'a file:// or s3:// location, e.g. s3://bucket1/data',
  },
  text: { pattern: /^\S(?:.*\S)?$/, hint: 'text' },
};

function shapeHint(shape: TextShape): string {
  return shapes[shape].hint;
}

/** The number a setting stands for (in its parameter's unit), read as DolphinDB's catalogue says. */
export function readNumber(name: string, text: string): number | undefined {
  const parameter = findParameter(name);
  if (parameter === undefined || (parameter.type.kind !== 'int' && parameter.type.kind !== 'number')) {
    if (text.trim() === '') return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  const parsed = parseConfigValue(name, text, parameter);
  return parsed.number !== undefined && Number.isFinite(parsed.number) ? parsed.number : undefined;
}
