import { deriveTopology, type Derived } from '../model/derive.js';
import { countNodes, licenceFixInFileWords } from '../model/licence-fit.js';
import type { Topology, TopologyNode } from '../model/topology.js';
import type { CheckFinding } from './finding.js';
import { memoryFindings } from './license-memory.js';
import { count, licenseError, licenseOk, licenseWarning } from './license-result.js';
import { daysUntilExpiry, type LicenseTerms } from './license-terms.js';

/** The web console warns this many days before expiry (facts §5); so do we. */
const expiryWarningDays = 15;

/**
 * What the licence means for this topology: expiry, node count and memory per node, the limits
 * DolphinDB checks at start-up (facts §5). `source` names the licence in messages, e.g.
 * `server.license ./x.lic` or `the package's licence`.
 */
export function licenseFindings(
  terms: LicenseTerms | undefined,
  topology: Topology,
  today: Date,
  source: string,
): CheckFinding[] {
  if (!terms) {
    return [
      licenseWarning(
        `could not read ${source}: its first line is not "expiry,memory per node,cores per node,nodes,client,…" as in the community licence; DolphinDB checks it at start-up`,
        'after deployment, run license() on a running node (web console or client) to see its expiry and limits',
      ),
    ];
  }
  const derived = deriveTopology(topology);
  return [
    expiryFinding(terms, today, source),
    nodeCountFinding(terms, derived, source),
    ...memoryFindings(terms, derived, source),
  ];
}

function expiryFinding(terms: LicenseTerms, today: Date, source: string): CheckFinding {
  const days = daysUntilExpiry(terms, today);
  if (days < 0) {
    return licenseError(
      `${source} expired on ${terms.expires}: DolphinDB refuses to start with an expired licence`,
      'put a valid licence file at server.license',
    );
  }
  if (days <= expiryWarningDays) {
    const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
    return licenseWarning(
      `${source} expires on ${terms.expires} (${when}): nodes shut down 15 days after that and cannot be restarted`,
      'get a renewed licence and put it at server.license',
    );
  }
  return licenseOk(
    `${source} is valid until ${terms.expires} for "${terms.clientName}": up to ${count(terms.maxNodes, 'node')}, ${terms.maxMemoryPerNode} GB of memory and ${count(terms.maxCoresPerNode, 'core')} per node`,
  );
}

/**
 * Controllers, data and compute nodes count; agents seem not to (facts §5, UNCERTAIN). Only the
 * count without agents fails the check; when agents would tip it over, the ok message says so, so
 * that a start-up failure is explained whichever way DolphinDB counts.
 */
function nodeCountFinding(terms: LicenseTerms, derived: Derived, source: string): CheckFinding {
  const nodes = derived.topology.nodes;
  const counted = nodes.filter((node) => node.mode !== 'agent').length;
  const agents = derived.agents.length;
  const limit = `the limit of ${count(terms.maxNodes, 'node')} in ${source}`;
  if (counted > terms.maxNodes) {
    return licenseError(
      `${count(counted, 'node')} (${breakdown(nodes)}; agents not counted) exceed ${limit}: DolphinDB will not start them all`,
      // Only fixes that can be done: an HA layout cannot lose nodes and stay HA (issue 13).
      licenceFixInFileWords(derived.topology.mode, countNodes(nodes), terms.maxNodes),
    );
  }
  const agentNote =
    agents > 0 && counted + agents > terms.maxNodes
      ? `; with the ${count(agents, 'agent')} it would be ${counted + agents}, but agents seem not to count (the community licence runs a controller, two nodes and an agent): if nodes refuse to start with a licence error in their log, this is why`
      : '';
  return licenseOk(
    `${count(counted, 'node')} (${breakdown(nodes)}) ${counted === 1 ? 'is' : 'are'} within ${limit}${agentNote}`,
  );
}

const modeNames: readonly [TopologyNode['mode'], string][] = [
  ['single', 'single node'],
  ['controller', 'controller'],
  ['datanode', 'data node'],
  ['computenode', 'compute node'],
];

/** `1 controller, 2 data nodes` */
function breakdown(nodes: readonly TopologyNode[]): string {
  return modeNames
    .map(([mode, name]) => [nodes.filter((node) => node.mode === mode).length, name] as const)
    .filter(([n]) => n > 0)
    .map(([n, name]) => count(n, name))
    .join(', ');
}
