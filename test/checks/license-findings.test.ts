import { describe, expect, it } from 'vitest';
import type { CheckFinding } from '../../source/checks/finding.js';
import { licenseFindings } from '../../source/checks/license-findings.js';
import { parseLicense, type LicenseTerms } from '../../source/checks/license-terms.js';
import { base, edit, withConfig } from '../model/helpers.js';

function terms(line: string): LicenseTerms {
  const parsed = parseLicense(line);
  if (!parsed) throw new Error(`test licence line does not parse: ${line}`);
  return parsed;
}

const community = terms('2042.01.01,8,2,3,Trial Users,0,-1,,1');
const enterprise = terms('2042.01.01,64,32,12,ACME Corp');
const today = new Date(2030, 5, 15);
const pkg = "the package's licence";

const ok = (message: string): CheckFinding => ({ level: 'ok', host: null, check: 'license', message });
const warning = (message: string, fix: string): CheckFinding => ({
  level: 'warning',
  host: null,
  check: 'license',
  message,
  fix,
});
const error = (message: string, fix: string): CheckFinding => ({
  level: 'error',
  host: null,
  check: 'license',
  message,
  fix,
});

const validCommunity = ok(
  `${pkg} is valid until 2042.01.01 for "Trial Users": up to 3 nodes, 8 GB of memory and 2 cores per node`,
);

/** Findings other than the given levels' or messages' are irrelevant to a test; this picks by level. */
function atLevel(findings: CheckFinding[], level: CheckFinding['level']): CheckFinding[] {
  return findings.filter((finding) => finding.level === level);
}

describe('licenseFindings', () => {
  it('passes a default cluster on the community licence, noting that agents would exceed it', () => {
    expect(licenseFindings(community, base('cluster'), today, pkg)).toEqual([
      validCommunity,
      ok(
        `3 nodes (1 controller, 2 data nodes) are within the limit of 3 nodes in ${pkg}; with the 2 agents it would be 5, but agents seem not to count (the community licence runs a controller, two nodes and an agent): if nodes refuse to start with a licence error in their log, this is why`,
      ),
      ok(`maxMemSize of every node (largest 8 GB) is within the 8 GB per node allowed by ${pkg}`),
    ]);
  });

  it('passes a single node without mentioning agents', () => {
    expect(licenseFindings(community, base('single'), today, 'server.license ./x.lic')).toEqual([
      ok(
        'server.license ./x.lic is valid until 2042.01.01 for "Trial Users": up to 3 nodes, 8 GB of memory and 2 cores per node',
      ),
      ok('1 node (1 single node) is within the limit of 3 nodes in server.license ./x.lic'),
      ok(
        'maxMemSize of every node (largest 8 GB) is within the 8 GB per node allowed by server.license ./x.lic',
      ),
    ]);
  });

  it('warns once about an unreadable licence and says how to inspect it', () => {
    expect(licenseFindings(undefined, base('ha'), today, 'server.license ./x.lic')).toEqual([
      warning(
        'could not read server.license ./x.lic: its first line is not "expiry,memory per node,cores per node,nodes,client,…" as in the community licence; DolphinDB checks it at start-up',
        'after deployment, run license() on a running node (web console or client) to see its expiry and limits',
      ),
    ]);
  });

  describe('expiry', () => {
    const expiryOf = (day: Date) => licenseFindings(community, base('single'), day, pkg)[0];

    it('is an error the day after the expiry date', () => {
      expect(expiryOf(new Date(2042, 0, 2, 0, 0, 1))).toEqual(
        error(
          `${pkg} expired on 2042.01.01: DolphinDB refuses to start with an expired licence`,
          'put a valid licence file at server.license',
        ),
      );
      expect(expiryOf(new Date(2050, 0, 1))?.level).toBe('error');
    });

    it('warns from 15 days before the expiry date through that day', () => {
      const fix = 'get a renewed licence and put it at server.license';
      expect(expiryOf(new Date(2042, 0, 1, 23, 0))).toEqual(
        warning(
          `${pkg} expires on 2042.01.01 (today): nodes shut down 15 days after that and cannot be restarted`,
          fix,
        ),
      );
      expect(expiryOf(new Date(2041, 11, 31))?.message).toContain('(tomorrow)');
      expect(expiryOf(new Date(2041, 11, 17))).toEqual(
        warning(
          `${pkg} expires on 2042.01.01 (in 15 days): nodes shut down 15 days after that and cannot be restarted`,
          fix,
        ),
      );
      expect(expiryOf(new Date(2041, 11, 16))).toEqual(validCommunity);
    });
  });

  describe('node count', () => {
    it('is an error when controllers, data and compute nodes exceed the limit, naming the numbers and the fix', () => {
      const findings = licenseFindings(community, base('ha'), today, pkg);
      expect(atLevel(findings, 'error')).toEqual([
        error(
          `9 nodes (3 controllers, 3 data nodes, 3 compute nodes; agents not counted) exceed the limit of 3 nodes in ${pkg}: DolphinDB will not start them all`,
          'put a licence that allows at least 9 nodes at server.license, or use mode single or cluster (mode ha needs at least 4 nodes: 3 controllers and a data node)',
        ),
      ]);
    });

    it('offers fewer data and compute nodes only where the mode still fits the licence', () => {
      const fourNodes = edit(base('cluster'), (t) => {
        t.nodes.push({ alias: 'computenode1', mode: 'computenode', host: 'P1', port: 8905 });
      });
      expect(atLevel(licenseFindings(community, fourNodes, today, pkg), 'error')[0]?.fix).toBe(
        'put a licence that allows at least 4 nodes at server.license, or keep 2 data or compute nodes in total beside 1 controller',
      );
      const fiveNodeLicence = terms('2042.01.01,8,2,5,x');
      expect(atLevel(licenseFindings(fiveNodeLicence, base('ha'), today, pkg), 'error')[0]?.fix).toBe(
        'put a licence that allows at least 9 nodes at server.license, or keep 2 data or compute nodes in total beside 3 controllers',
      );
    });

    it('counts compute nodes and not agents: one node over is an error, agents over only a note', () => {
      const fourNodes = edit(base('cluster'), (t) => {
        t.nodes.push({ alias: 'computenode1', mode: 'computenode', host: 'P1', port: 8905 });
      });
      expect(atLevel(licenseFindings(community, fourNodes, today, pkg), 'error')[0]?.message).toMatch(
        /^4 nodes \(1 controller, 2 data nodes, 1 compute node; agents not counted\) exceed/,
      );
      const withAgents = licenseFindings(terms('2042.01.01,8,2,4,x'), fourNodes, today, pkg);
      expect(atLevel(withAgents, 'error')).toEqual([]);
      expect(withAgents[1]?.message).toContain(
        'with the 2 agents it would be 6, but agents seem not to count',
      );
    });

    it('leaves the agent note out when even counting agents fits', () => {
      const findings = licenseFindings(enterprise, base('ha'), today, pkg);
      expect(findings[1]).toEqual(
        ok(
          `9 nodes (3 controllers, 3 data nodes, 3 compute nodes) are within the limit of 12 nodes in ${pkg}`,
        ),
      );
      expect(atLevel(findings, 'error')).toEqual([]);
      expect(atLevel(findings, 'warning')).toEqual([]);
    });
  });

  describe('memory per node', () => {
    const fix = (path: string, limit = 8) =>
      `set ${path} to ${limit} or less, or put a licence that allows more memory at server.license`;

    it('is an error when config.cluster.maxMemSize exceeds the limit, naming every node it sets', () => {
      const topology = withConfig(base('cluster'), 'cluster', { maxMemSize: 16 });
      expect(atLevel(licenseFindings(community, topology, today, pkg), 'error')).toEqual([
        error(
          `datanode1, datanode2 get maxMemSize=16 GB from config.cluster.maxMemSize, above the 8 GB per node allowed by ${pkg}: DolphinDB will not start them`,
          fix('config.cluster.maxMemSize'),
        ),
      ]);
      // Equal to the limit is allowed.
      const atLimit = withConfig(base('cluster'), 'cluster', { maxMemSize: '8' });
      expect(atLevel(licenseFindings(community, atLimit, today, pkg), 'error')).toEqual([]);
    });

    it('follows alias-scoped keys, which win over the plain key for their node only', () => {
      const scoped = withConfig(base('cluster'), 'cluster', { 'datanode1.maxMemSize': 16 });
      expect(atLevel(licenseFindings(community, scoped, today, pkg), 'error')).toEqual([
        error(
          `datanode1 gets maxMemSize=16 GB from config.cluster["datanode1.maxMemSize"], above the 8 GB per node allowed by ${pkg}: DolphinDB will not start it`,
          fix('config.cluster["datanode1.maxMemSize"]'),
        ),
      ]);
      const rescued = withConfig(base('cluster'), 'cluster', { maxMemSize: 16, 'datanode2.maxMemSize': 8 });
      const errors = atLevel(licenseFindings(community, rescued, today, pkg), 'error');
      expect(errors.map((finding) => finding.message)).toEqual([
        `datanode1 gets maxMemSize=16 GB from config.cluster.maxMemSize, above the 8 GB per node allowed by ${pkg}: DolphinDB will not start it`,
      ]);
    });

    it('follows wildcard keys, and only for the aliases they match', () => {
      const wildcard = withConfig(base('cluster'), 'cluster', { maxMemSize: 4, '%.maxMemSize': 12 });
      expect(atLevel(licenseFindings(community, wildcard, today, pkg), 'error')).toEqual([
        error(
          `datanode1, datanode2 get maxMemSize=12 GB from config.cluster["%.maxMemSize"], above the 8 GB per node allowed by ${pkg}: DolphinDB will not start them`,
          fix('config.cluster["%.maxMemSize"]'),
        ),
      ]);
      const computeOnly = withConfig(base('ha'), 'cluster', { 'computenode%.maxMemSize': 32 });
      const findings = licenseFindings(enterprise, computeOnly, today, pkg);
      expect(atLevel(findings, 'error')).toEqual([]);
      const tight = licenseFindings(terms('2042.01.01,16,32,12,ACME Corp'), computeOnly, today, pkg);
      expect(atLevel(tight, 'error').map((finding) => finding.message)).toEqual([
        `computenode1, computenode2, computenode3 get maxMemSize=32 GB from config.cluster["computenode%.maxMemSize"], above the 16 GB per node allowed by ${pkg}: DolphinDB will not start them`,
      ]);
    });

    it("checks ddb-setup's default against a smaller licence, naming the key to add", () => {
      const older = terms('2031.03.31,4,2,3,Trial Users,0,-1,,1');
      expect(atLevel(licenseFindings(older, base('cluster'), today, pkg), 'error')).toEqual([
        error(
          `datanode1, datanode2 get maxMemSize=8 GB from config.cluster.maxMemSize, above the 4 GB per node allowed by ${pkg}: DolphinDB will not start them`,
          fix('config.cluster.maxMemSize', 4),
        ),
      ]);
    });

    it('reads dolphindb.cfg settings (config.single) in mode single', () => {
      const topology = withConfig(base('single'), 'single', { maxMemSize: 32 });
      const alias = topology.nodes[0]?.alias;
      expect(atLevel(licenseFindings(community, topology, today, pkg), 'error')).toEqual([
        error(
          `${alias} gets maxMemSize=32 GB from config.single.maxMemSize, above the 8 GB per node allowed by ${pkg}: DolphinDB will not start it`,
          fix('config.single.maxMemSize'),
        ),
      ]);
      // cluster.cfg keys do not apply to a single node.
      const clusterKey = withConfig(base('single'), 'cluster', { maxMemSize: 32 });
      expect(atLevel(licenseFindings(community, clusterKey, today, pkg), 'error')).toEqual([]);
    });

    it('warns that 0 or an unset maxMemSize is capped by the licence', () => {
      const zero = withConfig(base('cluster'), 'cluster', { maxMemSize: 0 });
      const expected = [
        warning(
          `datanode1, datanode2 have no memory limit (maxMemSize 0 or unset at config.cluster.maxMemSize), but ${pkg} caps each node at 8 GB`,
          'set config.cluster.maxMemSize to 8 or less so that the limit in force is the one you wrote',
        ),
      ];
      expect(atLevel(licenseFindings(community, zero, today, pkg), 'warning')).toEqual(expected);
      const removed = withConfig(base('cluster'), 'cluster', { maxMemSize: null });
      expect(atLevel(licenseFindings(community, removed, today, pkg), 'warning')).toEqual(expected);
      const single = withConfig(base('single'), 'single', { maxMemSize: null });
      expect(atLevel(licenseFindings(community, single, today, pkg), 'warning')).toHaveLength(1);
      // Neither counts as exceeding the limit.
      expect(atLevel(licenseFindings(community, zero, today, pkg), 'error')).toEqual([]);
    });

    it('leaves a value that is not a number to the topology validator', () => {
      const topology = withConfig(base('cluster'), 'cluster', { maxMemSize: 'lots' });
      const findings = licenseFindings(community, topology, today, pkg);
      expect(findings.filter((finding) => finding.message.includes('maxMemSize'))).toEqual([]);
    });
  });
});
