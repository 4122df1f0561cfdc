import { describe, expect, it } from 'vitest';
import type { Issue } from '../../source/model/issues.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { err } from './helpers.js';

/** A complete, valid single-node file; each case changes one thing in it. */
const valid = `format: ddb-setup/v1
name: demo
mode: single
server: { version: 2.00.11.3 }
hosts:
  - { name: P1, address: 10.0.0.80 }
nodes:
  - { alias: local8848, mode: single, host: P1, port: 8848 }
config:
  single: { maxMemSize: 8 }
`;

function change(from: string, to: string): string {
  if (!valid.includes(from)) throw new Error(`"${from}" is not in the valid file`);
  return valid.replace(from, to);
}

type ParseCase = {
  readonly name: string;
  readonly text: string;
  /** Every finding with this code, exactly. */
  readonly expected: Issue;
  /** Whether the file cannot be read at all (exit code 2). */
  readonly fatal: boolean;
  /** The minimal fix. */
  readonly fixed: string;
};

const cases: ParseCase[] = [
  {
    name: 'an unclosed flow map',
    text: change('{ version: 2.00.11.3 }', '{ version: 2.00.11.3'),
    expected: err(
      '',
      'yaml-syntax',
      'line 5, column 1: Flow map in block collection must be sufficiently indented and end with a }',
    ),
    fatal: true,
    fixed: valid,
  },
  {
    name: 'aliases that expand a billion-fold (an alias bomb)',
    text: `${valid}a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
    expected: err(
      '',
      'yaml-syntax',
      'line 12, column 8: the YAML aliases (*name) here expand to far more data than the file holds (Excessive alias count indicates a resource exhaustion attack): a topology needs no aliases, write the values out',
    ),
    fatal: true,
    fixed: valid,
  },
  {
    name: 'two YAML documents',
    text: `${valid}---\n${valid}`,
    expected: err(
      '',
      'yaml-syntax',
      'line 11, column 1: the file holds more than one YAML document (a line "---" or "..."): keep one topology per file',
    ),
    fatal: true,
    fixed: valid,
  },
  {
    name: 'lines indented with tabs: one issue, naming the other lines',
    text: valid.replaceAll('\n  - ', '\n\t- '),
    expected: err(
      '',
      'yaml-syntax',
      'line 6, column 1: a tab indents this line; YAML allows only spaces: indent with spaces (also line 8)',
    ),
    fatal: true,
    fixed: valid,
  },
  {
    name: 'a key given twice',
    text: `${valid}name: other\n`,
    expected: err('', 'yaml-syntax', 'line 11, column 1: Map keys must be unique'),
    fatal: true,
    fixed: valid,
  },
  {
    name: 'only a comment',
    text: '# topology to come\n',
    expected: err(
      '',
      'empty-file',
      'the file is empty: start from `ddb-setup template --mode MODE --hosts ADDR`',
    ),
    fatal: true,
    fixed: `# topology to come\n${valid}`,
  },
  {
    name: 'a newer format',
    text: change('ddb-setup/v1', 'ddb-setup/v2'),
    expected: err(
      'format',
      'unsupported-format',
      'format is "ddb-setup/v2": this version of ddb-setup reads `format: ddb-setup/v1`',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a misspelt key',
    text: change('address: 10.0.0.80', 'adress: 10.0.0.80'),
    expected: err('hosts[0].adress', 'unknown-key', 'unknown key `adress`: did you mean `address`?'),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a password written into the file',
    text: `${valid}ssh: { user: root, password: hunter2 }\n`,
    expected: err(
      'ssh.password',
      'unknown-key',
      'unknown key `password`: a topology file holds no secrets: remove it; ddb-setup asks for the SSH password at run time (--ask-password, or --password-stdin in scripts), and a key passphrase belongs to ssh-agent (ssh-add KEY)',
    ),
    fatal: false,
    fixed: `${valid}ssh: { user: root }\n`,
  },
  {
    name: 'a key unlike any known one',
    text: `${valid}owner: ops\n`,
    expected: err(
      'owner',
      'unknown-key',
      'unknown key `owner`: allowed here: format, name, mode, server, deployDir, ssh, hosts, nodes, config, swarm',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'no cluster name',
    text: change('name: demo\n', ''),
    expected: err('name', 'missing-field', '`name` is required: add a cluster name such as `name: demo`'),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a port in quotes',
    text: change('port: 8848', 'port: "8848"'),
    expected: err('nodes[0].port', 'invalid-type', '`nodes[0].port` must be a number, not the string "8848"'),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a fractional port',
    text: change('port: 8848', 'port: 8848.5'),
    expected: err(
      'nodes[0].port',
      'invalid-type',
      '`nodes[0].port` must be a whole number, not the number 8848.5',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'hosts as a mapping',
    text: change('hosts:\n  - { name: P1, address: 10.0.0.80 }', 'hosts: { P1: 10.0.0.80 }'),
    expected: err(
      'hosts',
      'invalid-type',
      '`hosts` must be a list (lines starting with `- `), not a mapping',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a list as a config value',
    text: change('{ maxMemSize: 8 }', '{ maxMemSize: [8] }'),
    expected: err(
      'config.single.maxMemSize',
      'invalid-type',
      '`config.single.maxMemSize` must be a string, number or boolean, not a list',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a list instead of a mapping',
    text: '- P1\n- P2\n',
    expected: err(
      '',
      'invalid-type',
      'the file must be a mapping of keys (format, name, mode, server, hosts, nodes), not a list: start from `ddb-setup template`',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a file that is not YAML at all (/etc/passwd): quoted by its start only',
    text: 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n',
    expected: err(
      '',
      'invalid-type',
      'the file must be a mapping of keys (format, name, mode, server, hosts, nodes), not the string "root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/...": start from `ddb-setup template`',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a mode in upper case',
    text: change('mode: single\n', 'mode: SINGLE\n'),
    expected: err(
      'mode',
      'invalid-value',
      '`mode` is the string "SINGLE": use one of single, cluster, pseudo-ha, ha, swarm',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'a port beyond any whole number',
    text: change('port: 8848', 'port: 99999999999999999999'),
    expected: err(
      'nodes[0].port',
      'invalid-value',
      '`nodes[0].port` is number 100000000000000000000, which is out of range: use a port from 1024 to 65535',
    ),
    fatal: false,
    fixed: valid,
  },
  {
    name: 'an SSH port far below zero',
    text: `${valid}ssh: { port: -99999999999999999999 }\n`,
    expected: err(
      'ssh.port',
      'invalid-value',
      '`ssh.port` is number -100000000000000000000, which is out of range: use an SSH port from 1 to 65535 (usually 22)',
    ),
    fatal: false,
    fixed: `${valid}ssh: { port: 22 }\n`,
  },
];

describe('loadTopology', () => {
  it.each(cases)('$expected.code: $name', ({ text, expected, fatal, fixed }) => {
    const loaded = loadTopology(text);
    expect(loaded.fatal).toBe(fatal);
    expect(loaded.topology).toBeUndefined();
    expect(loaded.issues.filter((issue) => issue.code === expected.code)).toEqual([expected]);

    const repaired = loadTopology(fixed);
    expect(repaired.issues).toEqual([]);
    if (!repaired.topology) throw new Error('the fixed file did not load');
    expect(validateTopology(repaired.topology)).toEqual([]);
  });

  it('keeps config values and the version as written', () => {
    const loaded = loadTopology(
      change('{ maxMemSize: 8 }', '{ maxMemSize: 1.50 }').replace('2.00.11.3', '3.00'),
    );
    expect(loaded.topology?.config?.single).toEqual({ maxMemSize: '1.50' });
    expect(loaded.topology?.server.version).toBe('3.00');
  });

  it('says where a field path stands in the file', () => {
    expect(loadTopology(valid).locate('nodes[0].port')).toEqual({ line: 8, column: 55 });
  });
});
