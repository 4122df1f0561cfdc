import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOptions } from '../../source/cli/answer-flags.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import { helpTexts as screenHelp } from '../../source/wizard/help-texts.js';
import { assertBuilt, hasStackTrace, parseIssues, runCli, type CliResult } from '../helpers/run-cli.js';

let workDir = '';

beforeAll(() => {
  assertBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'ddb-setup-conventions-'));
});

afterAll(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

function expectUsageError(result: CliResult, what: string): void {
  expect(result.status, result.stdout + result.stderr).toBe(2);
  expect(result.stderr).toContain(what);
  expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
}

/** `template` output written to a fresh file. */
function templateFile(args: readonly string[], edit: (yaml: string) => string = (yaml) => yaml): string {
  const result = runCli(['template', ...args]);
  expect(result.status, result.stderr).toBe(0);
  const file = join(mkdtempSync(join(workDir, 'topology-')), 'topology.yaml');
  writeFileSync(file, edit(result.stdout));
  return file;
}

/** "N things" with N = 1 and a plural noun, or a `(s)` that leaves the number to the reader. */
const wrongNumber = /\b1 (hosts|nodes|errors|warnings|files|steps|processes|data and compute nodes)\b|\(s\)/;

describe('did you mean', () => {
  it('--datanode is refused naming --datanodes, for template and wizard', () => {
    const template = runCli(['template', '--mode', 'ha', '--hosts', '10.0.0.80-82', '--datanode', '2']);
    expectUsageError(template, "unknown option '--datanode': did you mean --datanodes?");
    expect(template.stdout).toBe('');
    expectUsageError(runCli(['wizard', '--datanode', '2']), 'did you mean --datanodes?');
  });

  it('a singular or misspelt option of another command gets its suggestion too', () => {
    expectUsageError(runCli(['validate', '--fil', 'x.yaml']), 'did you mean --file?');
    expectUsageError(runCli(['render', '-f', 'x.yaml', '--formt', 'json']), 'did you mean --format?');
  });
});

describe('JSON issues carry line and column', () => {
  it('render and plan --format json give the same line and column as the text output', () => {
    const file = templateFile(['--mode', 'cluster', '--hosts', '10.0.0.80,10.0.0.81'], (yaml) =>
      yaml.replace(/(alias: datanode2, mode: datanode, host: P2, port: )\d+/, '$170000'),
    );
    const text = runCli(['validate', '-f', file]);
    const position = new RegExp(
      `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+): error port-range`,
    ).exec(text.stdout);
    expect(position, text.stdout).not.toBeNull();
    for (const command of ['validate', 'render', 'plan']) {
      const json = runCli([command, '-f', file, '--format', 'json']);
      expect(json.status, command).toBe(1);
      const issue = parseIssues(json.stdout).issues.find((i) => i['code'] === 'port-range');
      expect(issue, command).toMatchObject({
        path: expect.stringMatching(/^nodes\[\d+\]\.port$/),
        line: Number(position?.[1]),
        column: Number(position?.[2]),
      });
    }
  });

  it('a YAML syntax error in JSON has the line and column the parser found', () => {
    const file = join(mkdtempSync(join(workDir, 'broken-')), 'broken.yaml');
    writeFileSync(file, 'format: ddb-setup/v1\nname: demo\nhosts: [ { name: P1\n');
    const json = runCli(['validate', '-f', file, '--format', 'json']);
    expect(json.status).toBe(2);
    const [issue] = parseIssues(json.stdout).issues;
    expect(issue?.['line']).toBeTypeOf('number');
    expect(issue?.['column']).toBeTypeOf('number');
    expect(runCli(['validate', '-f', file]).stdout).toContain(
      `${file}:${String(issue?.['line'])}:${String(issue?.['column'])}:`,
    );
  });
});

describe('one thing is one thing', () => {
  it('validate, plan and template speak of 1 data node, 1 host, 1 error in the singular', () => {
    // One data node, replication factor 2: the issue counts the single data node.
    const file = templateFile(['--mode', 'cluster', '--hosts', '10.0.0.80'], (yaml) =>
      yaml.replace('dfsReplicationFactor: 1', 'dfsReplicationFactor: 2'),
    );
    const validate = runCli(['validate', '-f', file]);
    expect(validate.status).toBe(1);
    expect(validate.stdout).toContain('there is 1 data node,');
    expect(validate.stdout).toMatch(/: 1 error, 0 warnings\n$/);
    expect(validate.stdout).not.toMatch(wrongNumber);

    const single = templateFile(['--mode', 'cluster', '--hosts', '10.0.0.80']);
    const valid = runCli(['validate', '-f', single]);
    expect(valid.stdout).toContain('(mode cluster: 1 host, 3 nodes)');
    const plan = runCli(['plan', '-f', single]);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('on 1 host: P1');
    expect(plan.stdout).toContain('start 1 data or compute node');
    expect(plan.stdout).not.toMatch(wrongNumber);
  });

  it('check shows a 36 KB package as 36 KB, not 0 MB', () => {
    const dir = mkdtempSync(join(workDir, 'small-package-'));
    const pkg = join(dir, 'DolphinDB_Linux64_V2.00.11.3.zip');
    writeFileSync(pkg, Buffer.alloc(36 * 1024));
    const file = templateFile(['--mode', 'single', '--hosts', '127.0.0.1', '--package', pkg]);
    const json = runCli(['check', '-f', file, '--format', 'json']);
    const findings = (JSON.parse(json.stdout) as { findings: { check: string; message: string }[] }).findings;
    expect(findings.find((f) => f.check === 'package')?.message).toBe(`${pkg} (36 KB)`);
    const text = runCli(['check', '-f', file, '--all']);
    expect(text.stdout).toContain(`${pkg} (36 KB)`);
    expect(text.stdout).not.toContain('0 MB');
    expect(text.stdout).not.toMatch(wrongNumber);
  });
});

describe('every wizard question has a flag twin', () => {
  it('template takes every answer and writes each where the wizard would', () => {
    const result = runCli([
      'template',
      '--mode',
      'ha',
      '--hosts',
      '10.0.0.80-82',
      '--datanodes',
      '2,1,1',
      '--name',
      'flags',
      '--replication-factor',
      '3',
      '--reliability-level',
      '2',
      '--max-mem-size',
      '16',
      '--workers',
      '8',
      '--lan-cluster',
      '--license',
      './dolphindb.lic',
      '--volumes',
      'datanode1=/ssd1/dn1,/ssd2/dn1',
      '--public-name',
      '10.0.0.81=ddb2.example.com',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const topology = loadTopology(result.stdout).topology;
    expect(topology?.hosts.map((h) => h.address)).toEqual(['10.0.0.80', '10.0.0.81', '10.0.0.82']);
    expect(topology?.server.license).toBe('./dolphindb.lic');
    expect(topology?.nodes.filter((n) => n.mode === 'datanode').map((n) => n.host)).toEqual([
      'P1',
      'P1',
      'P2',
      'P3',
    ]);
    expect(topology?.config).toEqual({
      controller: { dfsReplicationFactor: '3', dfsReplicaReliabilityLevel: '2', lanCluster: '1' },
      agent: { lanCluster: '1' },
      cluster: {
        maxMemSize: '16',
        workerNum: '8',
        lanCluster: '1',
        'datanode1.volumes': '/ssd1/dn1,/ssd2/dn1',
        'datanode3.publicName': 'ddb2.example.com',
        'computenode2.publicName': 'ddb2.example.com',
      },
    });
    const file = join(mkdtempSync(join(workDir, 'flags-')), 'flags.yaml');
    writeFileSync(file, result.stdout);
    expect(runCli(['validate', '-f', file]).status).toBe(0);
  });

  it.each([
    [['--max-mem-size', '8GB'], '--max-mem-size 8GB: maxMemSize is in GB, write --max-mem-size 8'],
    [['--workers', 'four'], '--workers four is not a whole number'],
    [['--reliability-level', '5'], '--reliability-level 5: use 0'],
    [
      ['--replication-factor', '4'],
      '--replication-factor: dfsReplicationFactor is 4 but there are 3 data nodes',
    ],
    [['--volumes', 'datanode9=/ssd1'], '--volumes: datanode9 is not a data node of this layout'],
    [['--volumes', '/ssd1'], '--volumes /ssd1: name the data node'],
    [['--public-name', 'P9=x.example.com'], '--public-name: P9 is not a server of this layout'],
    [['--image', 'x'], '--image: only mode swarm runs containers: leave out --image (mode is ha)'],
    [['--datanodes', '1,1'], '--datanodes: give one count per server: 3 counts, not 2'],
  ])('template --mode ha --hosts 10.0.0.80-82 %j is refused naming the flag', (extra, message) => {
    const result = runCli(['template', '--mode', 'ha', '--hosts', '10.0.0.80-82', ...extra]);
    expectUsageError(result, message);
    expect(result.stdout).toBe('');
  });

  it('wizard refuses a wrong answer before it needs a terminal, naming the flag', () => {
    expectUsageError(
      runCli(['wizard', '--mode', 'ha', '--hosts', '10.0.0.80-81']),
      '--hosts: mode ha puts each controller on its own server',
    );
    expectUsageError(runCli(['wizard', '--max-mem-size', '8GB']), '--max-mem-size 8GB: maxMemSize is in GB');
    expectUsageError(runCli(['wizard', '--hosts', '10.0.0.9-1']), '--hosts 10.0.0.9-1: a range counts up');
    expectUsageError(
      runCli(['wizard', '-f', 'ha.yaml', '--mode', 'ha']),
      '-f opens ha.yaml exactly as written, so it cannot be combined with --mode',
    );
    // Right answers get as far as the terminal check.
    expectUsageError(
      runCli(['wizard', '--mode', 'ha', '--hosts', '10.0.0.80-82']),
      'the wizard needs a terminal',
    );
  });

  it('template --help and wizard --help document every answer flag', () => {
    const template = runCli(['template', '--help']).stdout;
    const wizard = runCli(['wizard', '--help']).stdout;
    for (const name of Object.keys(answerOptions)) {
      expect(template).toContain(`--${name} `);
      expect(wizard).toContain(`--${name} `);
    }
    expect(wizard).toContain('ddb-setup wizard --mode ha --hosts 10.0.0.80-82');
  });

  it('wizard --help says how new host keys are accepted as the Preview help does: on confirming the deployment', () => {
    const wizard = runCli(['wizard', '--help']).stdout.replace(/\s+/g, ' ');
    expect(wizard).toContain(
      'New keys are accepted and remembered in known_hosts, with no question per key, once you confirm the deployment on Preview',
    );
    expect(wizard).toContain("shows the key's SHA256 fingerprint when the Hosts screen tests it");
    // The Preview screen's own help says the same: confirming the deployment accepts new keys.
    const preview = (screenHelp['preview'] ?? []).join(' ');
    expect(preview).toContain('shows its key’s SHA256 fingerprint when Hosts tests it (t)');
    expect(preview).toContain(
      'new keys are accepted and remembered there, with no question per key, once you confirm the deployment',
    );
  });
});
