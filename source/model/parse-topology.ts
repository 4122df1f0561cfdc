import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ZodMiniArray, ZodMiniObject, ZodMiniOptional } from 'zod/mini';
import type { $ZodError, $ZodType } from 'zod/v4/core';
import { error, formatPath, type Issue } from './issues.js';
import { topologyFormat, topologySchema, type Topology } from './topology.js';

/** A 1-based position in the topology file. */
export type SourceLocation = { readonly line: number; readonly column: number };

/**
 * The result of reading a topology file's text. `fatal` means the text could not be parsed at all
 * (exit code 2); otherwise `issues` are schema findings and `topology` is set when the shape is valid.
 */
export type LoadedTopology = {
  readonly fatal: boolean;
  readonly topology: Topology | undefined;
  readonly issues: readonly Issue[];
  /** Where a field path (`nodes[3].port`) stands in the file, when it stands anywhere. */
  readonly locate: (path: string) => SourceLocation | undefined;
  /** Positions of issues that have no field path, such as YAML syntax errors. */
  readonly positions: ReadonlyMap<Issue, SourceLocation>;
};

const noLocation = (): undefined => undefined;

/** Parses and shape-checks topology YAML. Pure: no file access. */
export function loadTopology(text: string): LoadedTopology {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toLocation = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    const positions = new Map<Issue, SourceLocation>();
    // One issue per kind of mistake, at its first place, naming the other lines: a file indented
    // with tabs would otherwise give one identical error per line.
    const groups = new Map<string, SourceLocation[]>();
    for (const e of doc.errors) {
      const text =
        e.code === 'MULTIPLE_DOCS'
          ? 'the file holds more than one YAML document (a line "---" or "..."): keep one topology per file'
          : e.code === 'TAB_AS_INDENT'
            ? 'a tab indents this line; YAML allows only spaces: indent with spaces'
            : firstLine(e.message);
      const places = groups.get(text) ?? [];
      places.push(toLocation(e.pos[0]));
      groups.set(text, places);
    }
    const issues = [...groups].map(([text, [location = { line: 1, column: 1 }, ...others]]) => {
      const lines = [...new Set(others.map((o) => o.line).filter((line) => line !== location.line))];
      const also =
        lines.length === 0
          ? ''
          : ` (also line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''})`;
      const issue = error(
        '',
        'yaml-syntax',
        `line ${location.line}, column ${location.column}: ${text}${also}`,
      );
      positions.set(issue, location);
      return issue;
    });
    return { fatal: true, topology: undefined, issues, locate: noLocation, positions };
  }
  const locate = (path: string): SourceLocation | undefined => {
    const offset = offsetOf(doc, parsePath(path));
    return offset === undefined ? undefined : toLocation(offset);
  };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (cause) {
    // The yaml library refuses aliases that expand to far more than the file (an "alias bomb").
    const alias = /\*[^\s,\]}]+/.exec(text);
    const location = toLocation(alias?.index ?? 0);
    const issue = error(
      '',
      'yaml-syntax',
      `line ${location.line}, column ${location.column}: the YAML aliases (*name) here expand to far more data than the file holds (${firstLine((cause as Error).message)}): a topology needs no aliases, write the values out`,
    );
    return {
      fatal: true,
      topology: undefined,
      issues: [issue],
      locate: noLocation,
      positions: new Map([[issue, location]]),
    };
  }
  if (data === null || data === undefined) {
    return {
      fatal: true,
      topology: undefined,
      issues: [
        error(
          '',
          'empty-file',
          'the file is empty: start from `ddb-setup template --mode MODE --hosts ADDR`',
        ),
      ],
      locate,
      positions: new Map(),
    };
  }
  keepConfigSourceText(doc, data);
  keepVersionSourceText(doc, data);
  // A file of another format version would only draw confusing unknown-key errors: say that first.
  if (isRecord(data) && typeof data['format'] === 'string' && data['format'] !== topologyFormat) {
    const issue = error(
      'format',
      'unsupported-format',
      `format is "${data['format']}": this version of ddb-setup reads \`format: ${topologyFormat}\``,
    );
    return { fatal: false, topology: undefined, issues: [issue], locate, positions: new Map() };
  }
  const parsed = topologySchema.safeParse(data);
  if (parsed.success)
    return { fatal: false, topology: parsed.data, issues: [], locate, positions: new Map() };
  return {
    fatal: false,
    topology: undefined,
    issues: describeSchemaIssues(parsed.error, data),
    locate,
    positions: new Map(),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * DolphinDB reads config values as text, so `maxMemSize: 1.50` must be written as `1.50`, not
 * `1.5`: replace every scalar under `config.<section>` with its source text.
 */
function keepConfigSourceText(doc: Document, data: unknown): void {
  if (!isRecord(data) || !isRecord(data['config'])) return;
  const config = data['config'];
  for (const section of Object.keys(config)) {
    const values = config[section];
    if (!isRecord(values)) continue;
    for (const key of Object.keys(values)) {
      const node = doc.getIn(['config', section, key], true);
      if (
        isScalar(node) &&
        typeof node.source === 'string' &&
        typeof node.value !== 'string' &&
        node.value !== null
      ) {
        values[key] = node.source;
      }
    }
  }
}

/** `version: 3.00` is a YAML number; keep the text so the message can quote what was written. */
function keepVersionSourceText(doc: Document, data: unknown): void {
  if (!isRecord(data) || !isRecord(data['server'])) return;
  const node = doc.getIn(['server', 'version'], true);
  if (isScalar(node) && typeof node.value === 'number' && typeof node.source === 'string')
    data['server']['version'] = node.source;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns zod's findings into issues with our codes and messages that say what to write instead. */
function describeSchemaIssues(schemaError: $ZodError, data: unknown): Issue[] {
  const issues: Issue[] = [];
  for (const issue of schemaError.issues) {
    const segments = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeysAt(segments);
        const hint = closest(key, known);
        // The file holds no secrets (it is shared, reviewed, committed): say where they go instead.
        const secret = /pass(word|phrase)?$|secret|token/i.test(key);
        const advice = secret
          ? 'a topology file holds no secrets: remove it; ddb-setup asks for the SSH password at run time (--ask-password, or --password-stdin in scripts), and a key passphrase belongs to ssh-agent (ssh-add KEY)'
          : hint
            ? `did you mean \`${hint}\`?`
            : `allowed here: ${known.join(', ')}`;
        issues.push(
          error(formatPath([...segments, key]), 'unknown-key', `unknown key \`${key}\`: ${advice}`),
        );
      }
      continue;
    }
    const path = formatPath(segments);
    const found = valueAt(data, segments);
    if (path === '') {
      issues.push(
        error(
          '',
          'invalid-type',
          `the file must be a mapping of keys (format, name, mode, server, hosts, nodes), not ${describe(found)}: start from \`ddb-setup template\``,
        ),
      );
      continue;
    }
    if (issue.code === 'invalid_type' && found === undefined) {
      issues.push(error(path, 'missing-field', `\`${path}\` is required: ${requiredHint(segments)}`));
    } else if (issue.code === 'invalid_type') {
      issues.push(
        error(
          path,
          'invalid-type',
          `\`${path}\` must be ${expectedText(issue.expected)}, not ${describe(found)}`,
        ),
      );
    } else if (issue.code === 'invalid_value') {
      const allowed = issue.values.map(String).join(', ');
      issues.push(error(path, 'invalid-value', `\`${path}\` is ${describe(found)}: use one of ${allowed}`));
    } else if (issue.code === 'invalid_union') {
      issues.push(
        error(
          path,
          'invalid-type',
          `\`${path}\` must be a string, number or boolean, not ${describe(found)}`,
        ),
      );
    } else if (issue.code === 'too_big' || issue.code === 'too_small') {
      // Whole numbers beyond 2^53 (every int field is a port): say which numbers fit.
      issues.push(
        error(
          path,
          'invalid-value',
          `\`${path}\` is ${describe(found)}, which is out of range: ${rangeHint(segments, issue.code)}`,
        ),
      );
    } else {
      issues.push(error(path, 'invalid-value', `\`${path}\`: ${issue.message}`));
    }
  }
  return issues;
}

function rangeHint(segments: readonly (string | number)[], code: 'too_big' | 'too_small'): string {
  if (segments[segments.length - 1] !== 'port')
    return code === 'too_big' ? 'give a smaller number' : 'give a larger number';
  return segments[0] === 'nodes'
    ? 'use a port from 1024 to 65535'
    : 'use an SSH port from 1 to 65535 (usually 22)';
}

function expectedText(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'object' || expected === 'record') return 'a mapping (key: value lines)';
  if (expected === 'array') return 'a list (lines starting with `- `)';
  return `a ${expected}`;
}

/** Short description of a value for messages: `the string "88o2"`, `a list`. */
export function describe(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A whole file read as one string (not YAML at all) would fill the screen: its start is enough.
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

const requiredHints: Record<string, string> = {
  format: 'add `format: ddb-setup/v1` as the first line',
  name: 'add a cluster name such as `name: demo`',
  mode: 'add `mode:` with one of single, cluster, pseudo-ha, ha, swarm',
  server: 'add `server:` with at least `version: 2.00.11.3`',
  version: 'add the DolphinDB server version, e.g. `version: 2.00.11.3`',
  hosts: 'add `hosts:` with one `- { name: P1, address: 10.0.0.80 }` row per server',
  nodes: 'add `nodes:` with one row per DolphinDB process',
  address: "add the server's intranet address, e.g. `address: 10.0.0.80`",
  alias: 'add a unique node alias, e.g. `alias: datanode1`',
  host: 'add the `name` of the host this process runs on',
  port: 'add the TCP port this process listens on, e.g. `port: 8802`',
  manager: 'add the host that runs `docker swarm init`, e.g. `manager: P1`',
  image: 'add the DolphinDB image, e.g. `image: dolphindb/dolphindb:v2.00.11.3`',
  network: 'add `network: { name: ddb_overlay, subnet: 10.5.0.0/16 }`',
  subnet: 'add the overlay subnet, e.g. `subnet: 10.5.0.0/16`',
  dataDir: 'add the per-host bind-mount root, e.g. `dataDir: /ddbdocker`',
};

function requiredHint(segments: readonly (string | number)[]): string {
  const last = segments[segments.length - 1];
  return (typeof last === 'string' && requiredHints[last]) || 'add it';
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The keys the schema accepts at a path, for "did you mean" hints. */
function knownKeysAt(segments: readonly (string | number)[]): string[] {
  let schema: $ZodType = topologySchema;
  for (const segment of segments) {
    schema = unwrap(schema);
    if (schema instanceof ZodMiniArray && typeof segment === 'number')
      schema = schema._zod.def.element as $ZodType;
    else if (schema instanceof ZodMiniObject && typeof segment === 'string') {
      const next = (schema._zod.def.shape as Record<string, $ZodType>)[segment];
      if (!next) return [];
      schema = next;
    } else return [];
  }
  schema = unwrap(schema);
  return schema instanceof ZodMiniObject ? Object.keys(schema._zod.def.shape as object) : [];
}

function unwrap(schema: $ZodType): $ZodType {
  let current = schema;
  while (current instanceof ZodMiniOptional) current = current._zod.def.innerType as $ZodType;
  return current;
}

/** The known key closest to a misspelt one (edit distance ≤ 2, or a case-only difference). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** Splits `nodes[3].port` or `config.cluster["a.b"]` back into segments. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** Source offset of the deepest node on the path; for a key that exists, the key itself. */
function offsetOf(doc: Document, segments: readonly (string | number)[]): number | undefined {
  let node: Node | null | undefined = doc.contents;
  let offset = node?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) return offset;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value as Node | null;
      if (node && !isMap(node) && !isSeq(node)) offset = node.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else return offset;
  }
  return offset;
}
