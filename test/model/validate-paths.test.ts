import { describe, expect, it } from 'vitest';
import { base, edit, err, expectRule, hostAt, issuesWithCode, withConfig, type RuleCase } from './helpers.js';

const cluster = base('cluster');
const swarm = base('swarm');

const cases: RuleCase[] = [
  {
    name: 'a relative deployDir',
    failing: edit(cluster, (t) => void (t.deployDir = 'opt/dolphindb')),
    expected: err(
      'deployDir',
      'invalid-path',
      'deployDir "opt/dolphindb" cannot be used: it is not absolute (start it with /); e.g. /opt/dolphindb',
    ),
    passing: edit(cluster, (t) => void (t.deployDir = '/opt/dolphindb')),
  },
  {
    name: "a space in a host's deployDir",
    failing: edit(cluster, (t) => void (hostAt(t, 1).deployDir = '/data/dolphin db')),
    expected: err(
      'hosts[1].deployDir',
      'invalid-path',
      'hosts[1].deployDir "/data/dolphin db" cannot be used: it contains a space, and DolphinDB fails to start on such paths; e.g. /opt/dolphindb',
    ),
    passing: edit(cluster, (t) => void (hostAt(t, 1).deployDir = '/data/dolphin_db')),
  },
  {
    name: 'a "~" in swarm.dataDir',
    failing: edit(swarm, (t) => void (t.swarm && (t.swarm.dataDir = '~/ddbdocker'))),
    expected: err(
      'swarm.dataDir',
      'invalid-path',
      'swarm.dataDir "~/ddbdocker" cannot be used: it is not absolute (start it with /); e.g. /opt/dolphindb',
    ),
    passing: edit(swarm, (t) => void (t.swarm && (t.swarm.dataDir = '/home/ddb/ddbdocker'))),
  },
  {
    name: 'a relative path in a volumes list',
    failing: withConfig(cluster, 'cluster', { volumes: '/ssd1/<ALIAS>, ssd2/<ALIAS>' }),
    expected: err(
      'config.cluster.volumes',
      'invalid-path',
      'volumes "ssd2/<ALIAS>" cannot be used: it is not absolute (start it with /)',
    ),
    passing: withConfig(cluster, 'cluster', { volumes: '/ssd1/<ALIAS>,/ssd2/<ALIAS>' }),
  },
  {
    name: "Chinese characters in a node's redo log directory",
    failing: withConfig(cluster, 'cluster', { 'datanode1.redoLogDir': '/数据/redo' }),
    expected: err(
      'config.cluster["datanode1.redoLogDir"]',
      'invalid-path',
      'datanode1.redoLogDir "/数据/redo" cannot be used: it contains non-ASCII characters, and DolphinDB fails to start on such paths',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.redoLogDir': '/data/redo' }),
  },
];

describe('path rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each([
    ['', 'it is empty'],
    ['/opt/<ALIAS>', 'it contains < or >'],
    ['/opt/$HOME', 'it contains characters other than letters, digits and . _ + @ - /'],
    ['/opt/../etc', 'it contains ".."'],
    ['/', 'it is the root directory'],
  ])('deployDir %j: %s', (deployDir, problem) => {
    const topology = edit(cluster, (t) => void (t.deployDir = deployDir));
    expect(issuesWithCode(topology, 'invalid-path')).toEqual([
      err(
        'deployDir',
        'invalid-path',
        `deployDir ${JSON.stringify(deployDir)} cannot be used: ${problem}; e.g. /opt/dolphindb`,
      ),
    ]);
  });

  it('accepts <ALIAS> in config paths and leaves non-path keys alone', () => {
    const topology = withConfig(cluster, 'cluster', { volumes: '/ssd/<ALIAS>', publicName: 'db 1' });
    expect(issuesWithCode(topology, 'invalid-path')).toEqual([]);
  });
});
