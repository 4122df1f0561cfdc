import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every issue code the model emits has a unit test: the `error(path, code, …)` and
 * `warning(path, code, …)` calls in source/model/ are read with the TypeScript parser and compared
 * with the `err(…)` and `warn(…)` expectations in test/model/*.test.ts, level and code together.
 */
const root = join(import.meta.dirname, '..', '..');
const modelDir = join(root, 'source', 'model');
const testDir = import.meta.dirname;

/** Every (level, code) the model emits today; a new rule must be added here and get a test. */
const knownCodes = [
  'error alias-macro',
  'error cache-engine-size',
  'error command-line-key',
  'error computenode-version',
  'error controller-count',
  'error controller-placement',
  'error duplicate-address',
  'error duplicate-agent',
  'error duplicate-alias',
  'error duplicate-container-ip',
  'error duplicate-host',
  'error empty-config-file',
  'error unknown-config-key',
  'error empty-file',
  'error ha-mode-mismatch',
  'error invalid-address',
  'error invalid-alias',
  'error invalid-config-key',
  'error invalid-config-value',
  'error invalid-container-ip',
  'error invalid-host-name',
  'error invalid-image',
  'error invalid-ip-range',
  'error invalid-name',
  'error invalid-network-name',
  'error invalid-package',
  'error invalid-path',
  'error invalid-subnet',
  'error invalid-type',
  'error invalid-value',
  'error invalid-version',
  'error ip-on-worker',
  'error ip-range-overlap',
  'error ip-outside-swarm',
  'error ipv6-address',
  'error key-version',
  'error lan-cluster-udp',
  'error loopback-address',
  'error missing-agent',
  'error missing-field',
  'error missing-swarm-section',
  'error mode-mismatch',
  'error no-datanode',
  'error port-conflict',
  'error port-range',
  'error port-reserved',
  'error raft-replication-factor',
  'error replica-placement',
  'error replication-exceeds-datanodes',
  'error reserved-key',
  'error shared-dfs-meta-dir',
  'error shared-node-dir',
  'error subnet-exhausted',
  'error unknown-host',
  'error unknown-key',
  'error unsupported-format',
  'error yaml-syntax',
  'warning alias-case',
  'warning alias-macro',
  'warning cache-engine-needs-datasync',
  'warning cache-engine-size',
  'warning community-memory-limit',
  'warning community-node-limit',
  'warning controller-placement',
  'warning hostname-address',
  'warning image-version-mismatch',
  'warning key-version',
  'warning misplaced-key',
  'warning secret-in-topology',
  'warning unknown-config-key',
  'warning package-version-mismatch',
  'warning public-address',
  'warning subnet-overlap',
  'warning unexpected-swarm-section',
  'warning unmatched-node-key',
  'warning unneeded-agent',
  'warning unused-config',
  'warning unused-host',
];

type Scan = { readonly codes: Set<string>; readonly dynamic: string[] };

/** `level code` of every call to the named constructors whose second argument is a string literal. */
function scan(files: readonly string[], constructors: Readonly<Record<string, 'error' | 'warning'>>): Scan {
  const codes = new Set<string>();
  const dynamic: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const level = constructors[node.expression.text];
        if (level !== undefined) {
          const code = node.arguments[1];
          if (code && ts.isStringLiteralLike(code)) codes.add(`${level} ${code.text}`);
          else {
            const { line } = source.getLineAndCharacterOfPosition(node.getStart());
            dynamic.push(`${relative(root, file)}:${line + 1}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, dynamic };
}

function typescriptFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && keep(name))
    .map((name) => join(dir, name));
}

const emitted = scan(
  typescriptFiles(modelDir, () => true),
  { error: 'error', warning: 'warning' },
);
const tested = scan(
  typescriptFiles(testDir, (name) => name.endsWith('.test.ts') && name !== 'coverage.test.ts'),
  { err: 'error', warn: 'warning' },
);

describe('issue code coverage', () => {
  it('finds every code as a literal in the model source', () => {
    expect(emitted.dynamic).toEqual([]);
    expect([...emitted.codes].sort()).toEqual([...knownCodes].sort());
  });

  it('has a test with the exact finding for every level and code the model emits', () => {
    const untested = [...emitted.codes].filter((code) => !tested.codes.has(code)).sort();
    expect(untested).toEqual([]);
  });

  it('expects no code the model never emits', () => {
    expect(tested.dynamic).toEqual([]);
    const unknown = [...tested.codes].filter((code) => !emitted.codes.has(code)).sort();
    expect(unknown).toEqual([]);
  });
});
