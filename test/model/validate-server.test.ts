import { describe, expect, it } from 'vitest';
import type { Topology } from '../../source/model/topology.js';
import { base, edit, err, expectRule, issuesWithCode, warn, withConfig, type RuleCase } from './helpers.js';

const cluster = base('cluster');
/** Compute node computenode1 is nodes[5]; 9 nodes besides the agents. */
const ha = base('ha');
/** controller1, agent1, datanode1: within the community licence's three nodes. */
const small = base('cluster', 1);

function withServer(topology: Topology, server: Partial<Topology['server']>): Topology {
  return edit(topology, (t) => void (t.server = { ...t.server, ...server }));
}

function withoutLicence(topology: Topology): Topology {
  return edit(topology, (t) => void delete t.server.license);
}

const officialZip = 'https://www.dolphindb.cn/downloads/DolphinDB_Linux64_V2.00.11.3.zip';

const cases: RuleCase[] = [
  {
    name: 'a version written with its V',
    failing: withServer(cluster, { version: 'v2.00.11.3' }),
    expected: err(
      'server.version',
      'invalid-version',
      'server.version "v2.00.11.3" is not a DolphinDB release number: write it as on the download page, e.g. 2.00.11.3 (without the V, _ABI or _JIT)',
    ),
    passing: withServer(cluster, { version: '2.00.11.3' }),
  },
  {
    name: 'compute nodes on 1.30.10',
    failing: withServer(ha, { version: '1.30.10' }),
    expected: err(
      'nodes[5].mode',
      'computenode-version',
      'compute nodes need server 1.30.14 or 2.00.1 and later, but server.version is 1.30.10: upgrade the server or use data nodes',
    ),
    passing: withServer(ha, { version: '1.30.14' }),
  },
  {
    name: 'a package over FTP',
    failing: withServer(cluster, { package: 'ftp://mirror.lan/DolphinDB_Linux64_V2.00.11.3.zip' }),
    expected: err(
      'server.package',
      'invalid-package',
      'server.package "ftp://mirror.lan/DolphinDB_Linux64_V2.00.11.3.zip" uses an unsupported scheme: give an http(s) URL or a local path',
    ),
    passing: withServer(cluster, { package: officialZip }),
  },
  {
    name: 'a package that is not a .zip or .tar.gz',
    failing: withServer(cluster, { package: '/srv/DolphinDB_Linux64_V2.00.11.3.rar' }),
    expected: err(
      'server.package',
      'invalid-package',
      'server.package "/srv/DolphinDB_Linux64_V2.00.11.3.rar" is not a .zip or .tar.gz file: give the DolphinDB server package, e.g. DolphinDB_Linux64_V2.00.11.3.zip',
    ),
    passing: withServer(cluster, { package: '/srv/DolphinDB_Linux64_V2.00.11.3.tar.gz' }),
  },
  {
    name: 'a package of another version',
    failing: withServer(cluster, {
      package: 'https://www.dolphindb.cn/downloads/DolphinDB_Linux64_V2.00.10.zip',
    }),
    expected: warn(
      'server.package',
      'package-version-mismatch',
      'server.package is version 2.00.10 but server.version is 2.00.11.3: make them agree, since configs are written for server.version',
    ),
    passing: withServer(cluster, {
      package: 'https://www.dolphindb.cn/downloads/DolphinDB_Linux64_V2.00.11.3_ABI.zip',
    }),
  },
  {
    name: 'nine nodes on the community licence',
    failing: withoutLicence(ha),
    expected: warn(
      'server.license',
      'community-node-limit',
      "9 nodes (controllers, data and compute nodes) exceed the 3 of the community licence official packages ship (validate does not download server.package to read its licence; the pre-flight check reads the package's): put a licence that allows at least 9 nodes at server.license, or use mode single or cluster (mode ha needs at least 4 nodes: 3 controllers and a data node), or the extra nodes will not start",
    ),
    passing: ha,
  },
  {
    name: '16 GB per data node on the community licence',
    failing: withConfig(withoutLicence(small), 'cluster', { maxMemSize: 16 }),
    expected: warn(
      'config.cluster.maxMemSize',
      'community-memory-limit',
      "datanode1 gets maxMemSize=16 GB, above the community licence's 8 GB per node: set server.license to an enterprise licence, or lower maxMemSize to 8",
    ),
    passing: withConfig(withoutLicence(small), 'cluster', { maxMemSize: 8 }),
  },
  {
    name: '12 GB for one data node on the community licence',
    failing: withConfig(withoutLicence(cluster), 'cluster', { 'datanode2.maxMemSize': 12 }),
    expected: warn(
      'config.cluster["datanode2.maxMemSize"]',
      'community-memory-limit',
      "datanode2 gets maxMemSize=12 GB, above the community licence's 8 GB per node: set server.license to an enterprise licence, or lower maxMemSize to 8",
    ),
    passing: withConfig(withoutLicence(cluster), 'cluster', { 'datanode2.maxMemSize': 8 }),
  },
  {
    name: '16 GB for a single node on the community licence',
    failing: withConfig(withoutLicence(base('single')), 'single', { maxMemSize: 16 }),
    expected: warn(
      'config.single.maxMemSize',
      'community-memory-limit',
      "local8848 gets maxMemSize=16 GB, above the community licence's 8 GB per node: set server.license to an enterprise licence, or lower maxMemSize to 8",
    ),
    passing: withConfig(base('single'), 'single', { maxMemSize: 16 }),
  },
];

describe('server rules', () => {
  it.each(cases)('$expected.code: $name', (rule) => expectRule(rule));

  it.each([
    ['1.30.13', false],
    ['1.30.14', true],
    ['1.30.21', true],
    ['2.00.0', false],
    ['2.00.1', true],
    ['3.00.5', true],
  ])('server %s runs compute nodes: %s', (version, supported) => {
    const found = issuesWithCode(withServer(ha, { version }), 'computenode-version');
    expect(found).toHaveLength(supported ? 0 : 1);
  });

  it('counts neither agents nor a small cluster against the community licence', () => {
    expect(issuesWithCode(withoutLicence(small), 'community-node-limit')).toEqual([]);
  });
});
