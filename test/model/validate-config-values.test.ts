import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { validateTopology } from '../../source/model/validate-topology.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { base, err, expectRule, issuesWithCode, warn, withConfig, type RuleCase } from './helpers.js';

/** Data nodes datanode1 (P1) and datanode2 (P2), server 2.00.11.3. */
const cluster = base('cluster');
const single = base('single');

/** Issue 13 item 2, as a user wrote it. */
const issue13 = withConfig(single, 'single', {
  maxMemSize: '8GB',
  workerNum: 'four',
  maxConnection: 512,
  dataSync: 'yes',
});

const cases: RuleCase[] = [
  {
    name: 'maxMemSize written with its unit',
    failing: withConfig(single, 'single', { maxMemSize: '8GB' }),
    expected: err('config.single.maxMemSize', 'invalid-config-value', 'maxMemSize is in GB: write 8'),
    passing: withConfig(single, 'single', { maxMemSize: 8 }),
  },
  {
    name: 'workerNum in words, scoped to a node',
    failing: withConfig(cluster, 'cluster', { 'datanode1.workerNum': 'four' }),
    expected: err(
      'config.cluster["datanode1.workerNum"]',
      'invalid-config-value',
      'datanode1.workerNum is a whole number of worker threads: write e.g. 4',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.workerNum': 4 }),
  },
  {
    name: 'a shell command substitution in maxMemSize (issue 17 item 6.3)',
    failing: withConfig(cluster, 'cluster', { maxMemSize: '1$(touch /tmp/pwned)' }),
    expected: err(
      'config.cluster.maxMemSize',
      'invalid-config-value',
      'maxMemSize contains "$(": a config value may not hold control characters or $ ` ; | & \\ \' " < > (apart from <ALIAS>), which a shell or the config line would misread; remove it',
    ),
    passing: withConfig(cluster, 'cluster', { maxMemSize: 1 }),
  },
  {
    name: 'a relative path where DolphinDB needs an absolute one',
    failing: withConfig(cluster, 'cluster', { persistenceDir: 'data/stream' }),
    expected: err(
      'config.cluster.persistenceDir',
      'invalid-path',
      'persistenceDir "data/stream" cannot be used: it is not absolute (start it with /)',
    ),
    passing: withConfig(cluster, 'cluster', { persistenceDir: '/data/stream/<ALIAS>' }),
  },
  {
    name: 'a relative path that leaves the home directory',
    failing: withConfig(cluster, 'cluster', { moduleDir: '../modules' }),
    expected: err(
      'config.cluster.moduleDir',
      'invalid-path',
      'moduleDir "../modules" cannot be used: it contains ".."',
    ),
    passing: withConfig(cluster, 'cluster', { moduleDir: 'modules', PKEYMetaLogDir: '<ALIAS>/log/PKEYMeta' }),
  },
  {
    name: 'a typo one edit from a known key',
    failing: withConfig(single, 'single', { maxConnection: 512 }),
    expected: err(
      'config.single.maxConnection',
      'unknown-config-key',
      'maxConnection is not a DolphinDB config key: did you mean maxConnections? DolphinDB names are case-sensitive; rename the key',
    ),
    passing: withConfig(single, 'single', { maxConnections: 512 }),
  },
  {
    name: 'a scoped key in the wrong case',
    failing: withConfig(cluster, 'cluster', { 'datanode1.MaxMemSize': 4 }),
    expected: err(
      'config.cluster["datanode1.MaxMemSize"]',
      'unknown-config-key',
      'datanode1.MaxMemSize is not a DolphinDB config key: did you mean datanode1.maxMemSize? DolphinDB names are case-sensitive; rename the key',
    ),
    passing: withConfig(cluster, 'cluster', { 'datanode1.maxMemSize': 4 }),
  },
  {
    name: 'a key far from every known one',
    failing: withConfig(cluster, 'cluster', { enableQuantumCache: true }),
    expected: warn(
      'config.cluster.enableQuantumCache',
      'unknown-config-key',
      "enableQuantumCache is not in ddb-setup's catalogue of DolphinDB config keys: check its spelling in the configuration reference; it is written as given, in case your server version knows it",
    ),
    passing: cluster,
  },
  {
    name: 'a data-node key in controller.cfg',
    failing: withConfig(cluster, 'controller', { OLAPCacheEngineSize: 2 }),
    expected: warn(
      'config.controller.OLAPCacheEngineSize',
      'misplaced-key',
      'OLAPCacheEngineSize is read from cluster.cfg, so it has no effect in config.controller: move it to config.cluster',
    ),
    passing: withConfig(cluster, 'cluster', { OLAPCacheEngineSize: 2 }),
  },
  {
    name: 'a key newer than server.version',
    failing: withConfig(base('cluster', 2, { version: '2.00.3' }), 'cluster', {
      enableChunkGranularityConfig: true,
    }),
    expected: warn(
      'config.cluster.enableChunkGranularityConfig',
      'key-version',
      'enableChunkGranularityConfig exists from 2.00.4, so 2.00.3 does not read it: remove it, or raise server.version (server.version is 2.00.3)',
    ),
    passing: withConfig(base('cluster', 2, { version: '2.00.4' }), 'cluster', {
      enableChunkGranularityConfig: true,
    }),
  },
  {
    name: 'a key a newer server replaced',
    failing: withConfig(base('cluster', 2, { version: '3.00.5' }), 'cluster', {
      streamingHADir: '/data/<ALIAS>/streamingHA',
    }),
    expected: warn(
      'config.cluster.streamingHADir',
      'key-version',
      'streamingHADir is no longer read from 3.00.5: use streamingHALogDir instead (server.version is 3.00.5)',
    ),
    passing: withConfig(base('cluster', 2, { version: '3.00.5' }), 'cluster', {
      streamingHALogDir: '/data/<ALIAS>/streamingHA',
    }),
  },
  {
    name: 'a secret in the topology',
    failing: withConfig(cluster, 'cluster', { s3SecretAccessKey: 'wJalrXUtnFEMIK7MDENG' }),
    expected: warn(
      'config.cluster.s3SecretAccessKey',
      'secret-in-topology',
      's3SecretAccessKey is a secret, and the topology file is shown by render and plan and often kept in version control: keep this file private, or set s3SecretAccessKey in the config files on the servers after deploying',
    ),
    passing: withConfig(cluster, 'cluster', { s3Region: 'us-east-1' }),
  },
];

describe('config values against the catalogue', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it('finds every mistake of issue 13 item 2, each with its fix', () => {
    const found = validateTopology(issue13)
      .filter((issue) => issue.path.startsWith('config.single'))
      .map((issue) => [issue.level, issue.path, issue.message]);
    expect(found).toEqual([
      ['error', 'config.single.maxMemSize', 'maxMemSize is in GB: write 8'],
      ['error', 'config.single.workerNum', 'workerNum is a whole number of worker threads: write e.g. 4'],
      [
        'error',
        'config.single.maxConnection',
        'maxConnection is not a DolphinDB config key: did you mean maxConnections? DolphinDB names are case-sensitive; rename the key',
      ],
      ['error', 'config.single.dataSync', 'dataSync takes 0 or 1: write 1'],
    ]);
  });

  it('reads 8GB as 8 GB when it checks the cache engine against maxMemSize', () => {
    const topology = withConfig(issue13, 'single', { OLAPCacheEngineSize: 99 });
    expect(issuesWithCode(topology, 'cache-engine-size')).toEqual([
      warn(
        'config.single.OLAPCacheEngineSize',
        'cache-engine-size',
        'OLAPCacheEngineSize=99 is more than half of maxMemSize=8 on local8848: lower it to 4 or less, or raise maxMemSize (3.00.5 and later refuse to start)',
      ),
    ]);
  });

  it('leaves the template of every mode free of config findings', () => {
    for (const mode of ['single', 'cluster', 'pseudo-ha', 'ha', 'swarm'] as const) {
      const found = validateTopology(base(mode)).filter((issue) => issue.path.startsWith('config'));
      expect(found, mode).toEqual([]);
    }
  });
});

describe('render writes the values verbatim', () => {
  const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));
  const cfgOf = (topology: Topology, kind: string): string[] => {
    expect(validateTopology(topology).filter((issue) => issue.level === 'error')).toEqual([]);
    const file = renderFiles(topology, { templates, toolVersion: '0.0.0' }).find((f) => f.kind === kind);
    return file?.contents.split('\n') ?? [];
  };

  it('writes values verbatim; one DolphinDB would misread is an error with the text to write', () => {
    const broken = withConfig(single, 'single', {
      dataSync: true,
      lanCluster: 'TRUE',
      volumes: ' /ssd1/ddb , /ssd2/ddb',
    });
    expect(
      validateTopology(broken)
        .filter((issue) => issue.level === 'error')
        .map((issue) => issue.message),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('dataSync takes 0 or 1: write 1'),
        expect.stringContaining('lanCluster takes true or false, in lower case: write true'),
        expect.stringContaining(
          'volumes is a comma-separated list without spaces: write /ssd1/ddb,/ssd2/ddb',
        ),
      ]),
    );
    const lines = cfgOf(
      withConfig(single, 'single', { dataSync: 1, lanCluster: 'true', maxMemSize: 4 }),
      'dolphindb.cfg',
    );
    expect(lines).toContain('dataSync=1');
    expect(lines).toContain('lanCluster=true');
    expect(lines).toContain('maxMemSize=4');
  });

  it('keeps numbers as written and scoped keys as given', () => {
    const topology = withConfig(cluster, 'cluster', { maxMemSize: '1.50', 'datanode1.enableHTTPS': 'false' });
    const lines = cfgOf(topology, 'cluster.cfg');
    expect(lines).toContain('maxMemSize=1.50');
    expect(lines).toContain('datanode1.enableHTTPS=false');
  });
});
