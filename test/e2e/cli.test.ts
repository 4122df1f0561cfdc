import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asIssue,
  assertBuilt,
  distinctCodes,
  hasStackTrace,
  parseIssues,
  projectRoot,
  runCli,
  type CliResult,
} from '../helpers/run-cli.js';

const corpusDir = join(import.meta.dirname, '..', 'corpus');
const haHosts = '10.0.0.80,10.0.0.81,10.0.0.82';
const dolphinKinds = ['dolphindb.cfg', 'controller.cfg', 'agent.cfg', 'cluster.nodes', 'cluster.cfg'];

let workDir = '';

beforeAll(() => {
  assertBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'ddb-setup-e2e-'));
});

afterAll(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

/** A fresh directory under the run's temporary directory. */
function freshDir(name: string): string {
  return mkdtempSync(join(workDir, `${name}-`));
}

/** Output of both streams, for assertions that do not care which one a message went to. */
function allOutput(result: CliResult): string {
  return result.stdout + result.stderr;
}

/** Expects a usage failure: exit 2, a message naming `what`, no stack trace. */
function expectUsageError(result: CliResult, what: string): void {
  expect(result.status, allOutput(result)).toBe(2);
  expect(result.stderr).toContain(what);
  expect(hasStackTrace(allOutput(result)), allOutput(result)).toBe(false);
}

/** Writes `template` output for the options to a file and returns its path. */
function templateFile(dir: string, args: readonly string[]): string {
  const result = runCli(['template', ...args]);
  expect(result.status, result.stderr).toBe(0);
  const file = join(dir, 'topology.yaml');
  writeFileSync(file, result.stdout);
  return file;
}

type JsonFile = {
  readonly host: string;
  readonly node: string | null;
  readonly kind: string;
  readonly path: string;
  readonly contents: string;
};

/** Parses `render --format json`, checking each file has exactly the contract's keys and types. */
function parseFiles(stdout: string): JsonFile[] {
  const data: unknown = JSON.parse(stdout);
  if (typeof data !== 'object' || data === null || !('files' in data) || !Array.isArray(data.files)) {
    throw new Error(`not {"files":[…]}: ${stdout.slice(0, 200)}`);
  }
  return (data.files as unknown[]).map((entry) => {
    if (typeof entry !== 'object' || entry === null)
      throw new Error(`a file is not an object: ${JSON.stringify(entry)}`);
    expect(Object.keys(entry).sort()).toEqual(['contents', 'host', 'kind', 'node', 'path']);
    const { host, node, kind, path, contents } = entry as Record<string, unknown>;
    if (
      typeof host !== 'string' ||
      typeof kind !== 'string' ||
      typeof path !== 'string' ||
      typeof contents !== 'string' ||
      (node !== null && typeof node !== 'string')
    ) {
      throw new Error(`wrong field types: ${JSON.stringify(entry)}`);
    }
    return { host, node, kind, path, contents };
  });
}

/** Every regular file under a directory, as paths relative to it, sorted. */
function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(root, full));
    }
  };
  walk(root);
  return found.sort();
}

describe('version and help', () => {
  it('--version prints the version of package.json', () => {
    const pkg: unknown = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
    expect(typeof version).toBe('string');
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('--help lists the commands and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of ['template', 'validate', 'render', 'admin-password', 'collect', '--version', '--help'])
      expect(result.stdout).toContain(word);
  });

  const commandOptions: Record<string, readonly string[]> = {
    template: [
      '--mode',
      '--hosts',
      '--name',
      '--server-version',
      '--controllers',
      '--datanodes',
      '--computenodes',
      '--base-port',
      '--deploy-dir',
    ],
    validate: ['-f', '--file', '--format'],
    render: ['-f', '--file', '-o', '--output', '--format'],
    plan: ['-f', '--file', '--format'],
    deploy: [
      '-f',
      '--file',
      '--yes',
      '--format',
      '--known-hosts',
      '--concurrency',
      '--start-timeout',
      '--admin-password-stdin',
      '--password-stdin',
    ],
    status: [
      '-f',
      '--file',
      '--format',
      '--known-hosts',
      '--ask-password',
      '--password-stdin',
      'defaultAdminPassword',
      '--watch',
      '--interval',
    ],
    collect: ['-f', '--file', '-o', '--output', '--known-hosts', '--ask-password', '--password-stdin'],
    start: ['-f', '--file', '--node', '--format', '--password-stdin', '--admin-password-stdin'],
    stop: ['-f', '--file', '--node', '--format', '--password-stdin', '--admin-password-stdin'],
    'admin-password': ['-f', '--file', '--new-password-stdin', '--password-stdin', '--known-hosts'],
    check: [
      '-f',
      '--file',
      '--format',
      '--all',
      '--fix',
      '--yes',
      '--known-hosts',
      '--ask-password',
      '--password-stdin',
    ],
  };

  it.each(Object.entries(commandOptions))('%s --help exits 0 and names its options', (command, options) => {
    const result = runCli([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`ddb-setup ${command}`);
    for (const option of options) expect(result.stdout, option).toContain(option);
  });
});

describe('command-line mistakes', () => {
  it('two passwords from standard input are refused before any host is contacted', () => {
    // Loopback over SSH to port 1: were the refusal to come late, nothing would answer there.
    const file = templateFile(mkdtempSync(join(workDir, 'stdin-')), [
      '--mode',
      'single',
      '--hosts',
      '127.0.0.1',
      '--ssh-port',
      '1',
    ]);
    for (const [command, other] of [
      ['deploy', '--admin-password-stdin'],
      ['stop', '--admin-password-stdin'],
      ['admin-password', '--new-password-stdin'],
    ] as const)
      expectUsageError(
        runCli([command, '-f', file, '--yes', '--password-stdin', other], { input: 'one\ntwo\n' }),
        'both read standard input',
      );
  });

  it('a named pipe or a device given as the package is named for what it is, and check does not hang on it', () => {
    const dir = mkdtempSync(join(workDir, 'not-a-file-'));
    const fifo = join(dir, 'DolphinDB_Linux64_V2.00.11.3.zip');
    execFileSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero.zip');
    symlinkSync('/dev/zero', zero);
    for (const [pkg, what] of [
      [fifo, 'it is a named pipe (FIFO), not a file'],
      [zero, 'it is a device, not a file'],
    ] as const) {
      const file = templateFile(dir, ['--mode', 'single', '--hosts', '127.0.0.1', '--package', pkg]);
      // runCli gives up after 60 s: reading the pipe for its licence would wait forever.
      const result = runCli(['check', '-f', file, '--format', 'json']);
      expect(result.status).toBe(1);
      const findings = (JSON.parse(result.stdout) as { findings: { check: string; message: string }[] })
        .findings;
      expect(findings.find((f) => f.check === 'package')?.message).toBe(`server.package ${pkg}: ${what}`);
    }
  });

  it('an unknown command exits 2 and names it', () => {
    expectUsageError(runCli(['deplyo', '-f', 'x.yaml']), 'unknown command "deplyo"');
  });

  it('an unknown option exits 2 and names it', () => {
    expectUsageError(
      runCli(['validate', '--bogus', '-f', join(corpusDir, '24-port-conflict.yaml')]),
      '--bogus',
    );
    expectUsageError(
      runCli(['render', '-f', join(corpusDir, '24-port-conflict.yaml'), '--frobnicate']),
      '--frobnicate',
    );
    expectUsageError(
      runCli(['template', '--mode', 'single', '--hosts', '10.0.0.80', '--verbose']),
      '--verbose',
    );
  });

  it('validate and render without -f exit 2 and ask for -f', () => {
    expectUsageError(runCli(['validate']), '-f');
    expectUsageError(runCli(['render']), '-f');
  });

  it('a missing file exits 2 and names the file', () => {
    const dir = freshDir('missing');
    expectUsageError(
      runCli(['validate', '-f', 'no-such-topology.yaml'], { cwd: dir }),
      'no-such-topology.yaml',
    );
    expectUsageError(
      runCli(['render', '-f', 'no-such-topology.yaml', '-o', 'out'], { cwd: dir }),
      'no-such-topology.yaml',
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a bad status --interval exits 2 naming the flag and the range, before any host is asked', () => {
    const file = join(corpusDir, '24-port-conflict.yaml');
    for (const value of ['0', 'fast', '0.5', '99999'])
      expectUsageError(
        runCli(['status', '-f', file, '--watch', '--interval', value]),
        `--interval ${value} is not a number of seconds from 1 to 3600`,
      );
    expectUsageError(
      runCli(['status', '-f', file, '--interval', '5']),
      '--interval 5 only applies with --watch',
    );
  });

  it('an unknown --format exits 2 and names it', () => {
    expectUsageError(
      runCli(['validate', '-f', join(corpusDir, '24-port-conflict.yaml'), '--format', 'yaml']),
      'yaml',
    );
  });
});

describe('template', () => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['single, 1 host', ['--mode', 'single', '--hosts', '10.0.0.80']],
    ['cluster, 3 hosts', ['--mode', 'cluster', '--hosts', haHosts]],
    ['pseudo-ha, 1 host', ['--mode', 'pseudo-ha', '--hosts', '10.0.0.80']],
    ['pseudo-ha, 2 hosts', ['--mode', 'pseudo-ha', '--hosts', '10.0.0.80,10.0.0.81']],
    ['ha, 3 hosts', ['--mode', 'ha', '--hosts', haHosts]],
    ['ha, 5 hosts', ['--mode', 'ha', '--hosts', `${haHosts},10.0.0.83,10.0.0.84`]],
    [
      'ha, 5 hosts, 5 controllers',
      ['--mode', 'ha', '--hosts', `${haHosts},10.0.0.83,10.0.0.84`, '--controllers', '5'],
    ],
    ['swarm, 3 hosts', ['--mode', 'swarm', '--hosts', haHosts]],
  ];

  it.each(cases)('%s prints YAML that validate accepts and render renders', (_, args) => {
    const file = templateFile(freshDir('template'), args);
    const mode = args[1] ?? '';
    const text = runCli(['validate', '-f', file]);
    expect(text.status, text.stdout).toBe(0);
    expect(text.stdout).toContain(`mode ${mode}`);
    const json = runCli(['validate', '-f', file, '--format', 'json']);
    expect(json.status).toBe(0);
    const issues = parseIssues(json.stdout).issues.map(asIssue);
    expect(issues.filter((issue) => issue.level === 'error')).toEqual([]);
    const render = runCli(['render', '-f', file, '--format', 'json']);
    expect(render.status, render.stderr).toBe(0);
    expect(parseFiles(render.stdout).length).toBeGreaterThan(0);
  });

  it('without --mode exits 2 and names --mode', () => {
    expectUsageError(runCli(['template', '--hosts', '10.0.0.80']), '--mode');
  });

  it('with an unknown --mode exits 2 and names --mode and the value', () => {
    const result = runCli(['template', '--mode', 'HA', '--hosts', haHosts]);
    expectUsageError(result, '--mode');
    expect(result.stderr).toContain('HA');
  });

  it('single with two hosts exits 2 and names --hosts', () => {
    expectUsageError(runCli(['template', '--mode', 'single', '--hosts', '10.0.0.80,10.0.0.81']), '--hosts');
  });

  it('ha with two hosts exits 2 and names --hosts', () => {
    expectUsageError(runCli(['template', '--mode', 'ha', '--hosts', '10.0.0.80,10.0.0.81']), '--hosts');
  });

  it('--controllers 2 exits 2 and names --controllers', () => {
    expectUsageError(
      runCli(['template', '--mode', 'ha', '--hosts', haHosts, '--controllers', '2']),
      '--controllers',
    );
    expectUsageError(
      runCli(['template', '--mode', 'pseudo-ha', '--hosts', '10.0.0.80', '--controllers', '2']),
      '--controllers',
    );
  });

  it('--datanodes 0 (no data node anywhere) exits 2 and names --datanodes', () => {
    expectUsageError(
      runCli(['template', '--mode', 'ha', '--hosts', haHosts, '--datanodes', '0']),
      '--datanodes',
    );
  });

  it('prints nothing on standard output when it fails', () => {
    const result = runCli(['template', '--mode', 'single', '--hosts', '10.0.0.80,10.0.0.81']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});

describe('render', () => {
  it('--format json gives host, node, kind, path and contents for every file of an ha cluster', () => {
    const file = templateFile(freshDir('render-json'), ['--mode', 'ha', '--hosts', haHosts]);
    const result = runCli(['render', '-f', file, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    expect(hasStackTrace(allOutput(result))).toBe(false);
    const files = parseFiles(result.stdout);
    const kinds = new Set(files.map((f) => f.kind));
    for (const kind of ['controller.cfg', 'agent.cfg', 'cluster.nodes', 'cluster.cfg'])
      expect(kinds.has(kind), kind).toBe(true);
    expect(kinds.has('dolphindb.cfg')).toBe(false);
    expect(new Set(files.map((f) => f.host))).toEqual(new Set(['P1', 'P2', 'P3']));
    for (const f of files) {
      expect(f.path, f.path).toMatch(/^\//);
      if (dolphinKinds.includes(f.kind)) expect(f.contents.split('\n')[0]?.trim(), f.path).not.toBe('');
    }
    // Three controllers, each with its controller.cfg; three agents, each with its agent.cfg.
    expect(files.filter((f) => f.kind === 'controller.cfg').map((f) => f.node)).toEqual([
      'controller1',
      'controller2',
      'controller3',
    ]);
    expect(files.filter((f) => f.kind === 'agent.cfg').map((f) => f.node)).toEqual([
      'agent1',
      'agent2',
      'agent3',
    ]);
  });

  it('--format json of a single node has a dolphindb.cfg', () => {
    const file = templateFile(freshDir('render-single'), ['--mode', 'single', '--hosts', '10.0.0.80']);
    const result = runCli(['render', '-f', file, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    expect(parseFiles(result.stdout).map((f) => f.kind)).toContain('dolphindb.cfg');
  });

  it('-o DIR writes DIR/<host>/<path>, scripts executable; a second run leaves everything untouched', () => {
    const dir = freshDir('render-export');
    const file = templateFile(dir, ['--mode', 'ha', '--hosts', haHosts]);
    const expected = parseFiles(runCli(['render', '-f', file, '--format', 'json']).stdout);

    const first = runCli(['render', '-f', file, '-o', 'out'], { cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    expect(hasStackTrace(allOutput(first))).toBe(false);
    const out = join(dir, 'out');
    expect(listFiles(out)).toEqual(expected.map((f) => join(f.host, f.path)).sort());
    for (const f of expected) {
      const target = join(out, f.host, f.path);
      expect(readFileSync(target, 'utf8'), target).toBe(f.contents);
      const mode = statSync(target).mode;
      if (f.path.endsWith('.sh')) expect(mode & 0o111, `${target} should be executable`).not.toBe(0);
      if (dolphinKinds.includes(f.kind)) expect(mode & 0o111, `${target} should not be executable`).toBe(0);
    }
    expect(expected.some((f) => f.path.endsWith('.sh'))).toBe(true);

    // Age every file, then render again: nothing may be rewritten.
    const old = new Date('2001-02-03T04:05:06Z');
    for (const f of expected) utimesSync(join(out, f.host, f.path), old, old);
    const second = runCli(['render', '-f', file, '-o', 'out'], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/unchanged/);
    expect(second.stderr).toContain(String(expected.length));
    expect(listFiles(out)).toEqual(expected.map((f) => join(f.host, f.path)).sort());
    for (const f of expected) {
      const target = join(out, f.host, f.path);
      expect(statSync(target).mtime.getTime(), target).toBe(old.getTime());
    }
  });

  it('-o DIR keeps a hand-edited file as <file>.bak-<stamp> and writes the new one', () => {
    const dir = freshDir('render-backup');
    const file = templateFile(dir, ['--mode', 'cluster', '--hosts', haHosts]);
    const expected = parseFiles(runCli(['render', '-f', file, '--format', 'json']).stdout);
    expect(runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }).status).toBe(0);

    const edited = expected.find((f) => f.kind === 'cluster.cfg');
    expect(edited).toBeDefined();
    if (!edited) return;
    const target = join(dir, 'out', edited.host, edited.path);
    const handWritten = `${edited.contents}maxMemSize=16\n`;
    writeFileSync(target, handWritten);

    const result = runCli(['render', '-f', file, '-o', 'out'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(edited.contents);
    const name = basename(target);
    const backups = readdirSync(dirname(target)).filter((entry) => entry.startsWith(`${name}.bak-`));
    expect(backups).toHaveLength(1);
    const backup = backups[0] ?? '';
    expect(backup).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\.bak-\\S+$`));
    expect(readFileSync(join(dirname(target), backup), 'utf8')).toBe(handWritten);
    expect(result.stderr).toContain(backup);
    // Only the edited file got a backup.
    expect(listFiles(join(dir, 'out')).filter((path) => path.includes('.bak-'))).toHaveLength(1);
  });

  it('keeps a script that lost its executable bit executable after re-rendering', () => {
    const dir = freshDir('render-mode');
    const file = templateFile(dir, ['--mode', 'single', '--hosts', '10.0.0.80']);
    expect(runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }).status).toBe(0);
    const script = listFiles(join(dir, 'out')).find((path) => path.endsWith('.sh'));
    expect(script).toBeDefined();
    if (script === undefined) return;
    const target = join(dir, 'out', script);
    const contents = readFileSync(target, 'utf8');
    writeFileSync(target, `${contents}# edited\n`);
    chmodSync(target, 0o644);
    expect(runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(contents);
    expect(statSync(target).mode & 0o111).not.toBe(0);
  });

  it('makes a script executable again when only its executable bit was removed', () => {
    const dir = freshDir('render-mode-only');
    const file = templateFile(dir, ['--mode', 'single', '--hosts', '10.0.0.80']);
    expect(runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }).status).toBe(0);
    const script = listFiles(join(dir, 'out')).find((path) => path.endsWith('.sh'));
    expect(script).toBeDefined();
    if (script === undefined) return;
    const target = join(dir, 'out', script);
    chmodSync(target, 0o644);
    expect(runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }).status).toBe(0);
    expect(statSync(target).mode & 0o111, `${target} should be executable again`).not.toBe(0);
  });

  it('an invalid topology exits 1 and writes nothing', () => {
    const dir = freshDir('render-invalid');
    const invalid = join(corpusDir, '24-port-conflict.yaml');
    const text = runCli(['render', '-f', invalid, '-o', 'out'], { cwd: dir });
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('port-conflict');
    expect(hasStackTrace(allOutput(text))).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);

    mkdirSync(join(dir, 'existing'));
    const json = runCli(['render', '-f', invalid, '-o', 'existing', '--format', 'json'], { cwd: dir });
    expect(json.status).toBe(1);
    expect(distinctCodes(parseIssues(json.stdout).issues.map(asIssue))).toEqual(['port-conflict']);
    expect(listFiles(join(dir, 'existing'))).toEqual([]);
  });

  it('an unparseable topology exits 2 and writes nothing', () => {
    const dir = freshDir('render-unparseable');
    const result = runCli(['render', '-f', join(corpusDir, '02-unclosed-flow-map.yaml'), '-o', 'out'], {
      cwd: dir,
    });
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('standard input and colour', () => {
  it('validate -f - reads the topology from standard input', () => {
    const valid = runCli(['template', '--mode', 'ha', '--hosts', haHosts]).stdout;
    const ok = runCli(['validate', '-f', '-'], { input: valid });
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('mode ha');

    const conflict = readFileSync(join(corpusDir, '24-port-conflict.yaml'), 'utf8');
    // From the corpus directory, where the file's ./dolphindb.lic is (read from standard input, a
    // relative path is the working directory's).
    const bad = runCli(['validate', '-f', '-', '--format', 'json'], { input: conflict, cwd: corpusDir });
    expect(bad.status).toBe(1);
    expect(distinctCodes(parseIssues(bad.stdout).issues.map(asIssue))).toEqual(['port-conflict']);

    const broken = runCli(['validate', '-f', '-'], {
      input: readFileSync(join(corpusDir, '03-tab-indentation.yaml'), 'utf8'),
    });
    expect(broken.status).toBe(2);
  });

  it('render -f - reads the topology from standard input', () => {
    const valid = runCli(['template', '--mode', 'single', '--hosts', '10.0.0.80']).stdout;
    const result = runCli(['render', '-f', '-', '--format', 'json'], { input: valid });
    expect(result.status, result.stderr).toBe(0);
    expect(parseFiles(result.stdout).map((f) => f.kind)).toContain('dolphindb.cfg');
  });

  it('with NO_COLOR no output has ANSI escapes', () => {
    const dir = freshDir('no-color');
    const file = templateFile(dir, ['--mode', 'cluster', '--hosts', haHosts]);
    const runs: CliResult[] = [
      runCli(['--help']),
      runCli(['deploy']),
      runCli(['template', '--mode', 'cluster', '--hosts', haHosts]),
      runCli(['template', '--mode', 'nope', '--hosts', haHosts]),
      runCli(['validate', '-f', file]),
      runCli(['validate', '-f', join(corpusDir, '24-port-conflict.yaml')]),
      runCli(['validate', '-f', join(corpusDir, '19-alias-case-only.yaml')]),
      runCli(['validate', '-f', join(corpusDir, '01-bad-indentation.yaml')]),
      runCli(['render', '-f', file]),
      runCli(['render', '-f', file, '-o', 'out'], { cwd: dir }),
      runCli(['render', '-f', join(corpusDir, '24-port-conflict.yaml')]),
    ];
    for (const result of runs) expect(allOutput(result).includes('\u001B['), allOutput(result)).toBe(false);
  });
});
