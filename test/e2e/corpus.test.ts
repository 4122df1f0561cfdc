import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asIssue,
  assertBuilt,
  distinctCodes,
  escapeRegExp,
  hasStackTrace,
  parseIssues,
  runCli,
} from '../helpers/run-cli.js';

/**
 * Malformed topology files, one realistic mistake each, and what `validate` must say about them
 * (test/corpus/expected.json: exit code and the sorted distinct issue codes).
 */
const corpusDir = join(import.meta.dirname, '..', 'corpus');

type Expectation = { readonly exit: 0 | 1 | 2; readonly codes: readonly string[] };

function readManifest(): Record<string, Expectation> {
  const data: unknown = JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error('expected.json must be an object');
  const manifest: Record<string, Expectation> = {};
  for (const [file, entry] of Object.entries(data)) {
    const { exit, codes } = entry as { exit?: unknown; codes?: unknown };
    const names: unknown[] = Array.isArray(codes) ? codes : [];
    if (
      (exit !== 0 && exit !== 1 && exit !== 2) ||
      !Array.isArray(codes) ||
      !names.every((c): c is string => typeof c === 'string')
    ) {
      throw new Error(`expected.json: ${file} needs { "exit": 0|1|2, "codes": [string…] }`);
    }
    manifest[file] = { exit, codes: names };
  }
  return manifest;
}

const manifest = readManifest();
const entries = Object.entries(manifest);
const corpusFiles = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

beforeAll(() => {
  assertBuilt();
});

describe('corpus manifest', () => {
  it('lists every corpus file, and only those', () => {
    expect(Object.keys(manifest).sort()).toEqual(corpusFiles);
  });

  it('names files NN-short-name.yaml and has at least 36 of them', () => {
    expect(corpusFiles.length).toBeGreaterThanOrEqual(36);
    for (const name of corpusFiles) expect(name).toMatch(/^\d{2}-[a-z0-9.-]+\.yaml$/);
  });

  it('starts every file with a comment line saying what the mistake is', () => {
    for (const name of corpusFiles) {
      const first = readFileSync(join(corpusDir, name), 'utf8').split('\n')[0] ?? '';
      expect(first, name).toMatch(/^# \S.{10,}/);
    }
  });

  it('lists codes sorted and distinct, with a code for every failing file', () => {
    for (const [name, { exit, codes }] of entries) {
      expect(codes, name).toEqual([...new Set(codes)].sort());
      if (exit !== 0) expect(codes.length, name).toBeGreaterThan(0);
    }
  });
});

describe('validate on the corpus', () => {
  it.each(entries)('%s', (name, expected) => {
    const file = join(corpusDir, name);
    const lineCount = readFileSync(file, 'utf8').split('\n').length;

    // JSON: the contract's exit code, codes and issue shape.
    const json = runCli(['validate', '-f', file, '--format', 'json']);
    expect(hasStackTrace(json.stdout + json.stderr), json.stderr).toBe(false);
    const parsed = parseIssues(json.stdout);
    // The contract's four keys, plus line and column wherever the text output gives a position.
    for (const issue of parsed.issues)
      expect(Object.keys(issue).sort(), JSON.stringify(issue)).toEqual(
        'line' in issue
          ? ['code', 'column', 'level', 'line', 'message', 'path']
          : ['code', 'level', 'message', 'path'],
      );
    const issues = parsed.issues.map(asIssue);
    for (const issue of issues) {
      expect(issue.code, JSON.stringify(issue)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(issue.message.trim(), JSON.stringify(issue)).not.toBe('');
    }
    expect({ exit: json.status, codes: distinctCodes(issues) }).toEqual({
      exit: expected.exit,
      codes: [...expected.codes],
    });
    expect(issues.some((issue) => issue.level === 'error')).toBe(expected.exit !== 0);

    // Text: same exit code, no stack trace, one compiler-style line per issue, then the summary.
    const text = runCli(['validate', '-f', file]);
    expect(text.status).toBe(expected.exit);
    expect(hasStackTrace(text.stdout + text.stderr), text.stdout + text.stderr).toBe(false);
    const lines = text.stdout.split('\n').filter((line) => line !== '');
    const summary = lines.pop() ?? '';
    expect(summary).toMatch(expected.exit === 0 ? /^✓ / : /^✗ /);
    expect(summary).toContain(file);
    expect(lines).toHaveLength(issues.length);
    const prefix = new RegExp(`^${escapeRegExp(file)}(?::(\\d+):(\\d+))?: (error|warning) ([a-z0-9-]+)[ :]`);
    lines.forEach((line, index) => {
      const match = prefix.exec(line);
      expect(match, line).not.toBeNull();
      if (!match) return;
      const [, lineNumber, column, level, code] = match;
      expect({ level, code }, line).toEqual({ level: issues[index]?.level, code: issues[index]?.code });
      const json = parsed.issues[index];
      expect({ line: json?.['line'], column: json?.['column'] }, line).toEqual({
        line: lineNumber === undefined ? undefined : Number(lineNumber),
        column: column === undefined ? undefined : Number(column),
      });
      if (lineNumber !== undefined && column !== undefined) {
        expect(Number(lineNumber), line).toBeGreaterThanOrEqual(1);
        expect(Number(lineNumber), line).toBeLessThanOrEqual(lineCount);
        expect(Number(column), line).toBeGreaterThanOrEqual(1);
      }
    });
  });
});
