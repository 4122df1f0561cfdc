/**
 * dolphindb.lic (facts §5). The first line is what the stand-in reads, in the layout of the
 * community licence shipped in the official compose repository: `2042.01.01,8,2,3,Trial Users,0,-1,,1`
 * read as expiry, maxMemoryPerNode (GB), maxCoresPerNode, maxNodes, clientName (facts §5 INFERENCE),
 * then licenceType, modules, version, authorization code (the stand-in's reading of the rest; a
 * real licence's remaining lines are a signature the stand-in ignores).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fail, StartupError } from './errors.js';
import { dateValue } from './values.js';
import { compareVersions, SERVER_VERSION } from './version.js';

export type Licence = {
  readonly path: string;
  /** Days since 1970-01-01. */
  readonly expiration: number;
  readonly maxMemoryPerNode: number;
  readonly maxCoresPerNode: number;
  readonly maxNodes: number;
  readonly clientName: string;
  readonly licenseType: number;
  readonly modules: number;
  readonly version: string;
  readonly authorization: string;
};

/** `dolphindb.lic` next to the executable (facts §5 "server/dolphindb.lic"), or the `license` key. */
export function licencePath(executable: string, configured: string | undefined): string {
  return configured ? resolve(configured) : join(dirname(executable), 'dolphindb.lic');
}

export function readLicence(path: string): Licence {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw fail(`Failed to open the license file [${path}].`); // stand-in wording
  }
  const first = (text.split('\n')[0] ?? '').trim();
  const f = first.split(',');
  const match = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(f[0] ?? '');
  const numbers = [f[1], f[2], f[3]].map((x) => Number(x));
  if (!match || f.length < 5 || numbers.some((n) => !Number.isFinite(n) || n <= 0))
    throw fail(`Failed to parse the license file [${path}].`); // stand-in wording
  return {
    path,
    expiration: dateValue(Number(match[1]), Number(match[2]), Number(match[3])),
    maxMemoryPerNode: numbers[0] ?? 0,
    maxCoresPerNode: numbers[1] ?? 0,
    maxNodes: numbers[2] ?? 0,
    clientName: f[4] ?? '',
    licenseType: Number(f[5] ?? 0) || 0,
    modules: Number(f[6] ?? -1) || -1,
    version: f[7] ?? '',
    // facts §5: "community shows free" (DOCS funcs/l/license example: authorization->free with
    // clientName->Trial Users); the mapping of the last field is the stand-in's.
    authorization: f[8] === '1' ? 'free' : f[8] === '2' ? 'trial' : 'commercial',
  };
}

/** Today as days since 1970-01-01 (local calendar date). */
export function today(): number {
  const now = new Date();
  return dateValue(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * Start-time checks of every node (facts §5 "Startup validates: expiry, cores per node, memory per
 * node, max nodes in cluster, max server version; on failure prints an error and shuts down").
 */
export function checkLicence(licence: Licence): void {
  if (licence.expiration < today())
    // facts §5 / node_startup §4.1.1: the two documented lines, WARNING then ERROR.
    throw new StartupError([
      { level: 'WARNING', text: 'The license has expired. Please renew the license and restart the server.' },
      { level: 'ERROR', text: ' The license has expired.' },
    ]);
  if (licence.version !== '' && compareVersions(SERVER_VERSION, licence.version) > 0)
    throw fail(
      `The license only allows server versions up to ${licence.version}, but this server is ${SERVER_VERSION}.`,
    ); // stand-in wording
}

/**
 * The controller's node count check (facts §5 "max nodes in cluster"; community maxNodes=3 counts
 * controllers, data and compute nodes, not agents: facts §5, seed 003). The exact wording is NOT
 * FOUND in public sources (facts §11.1); this is the stand-in's.
 */
export function checkNodeCount(licence: Licence, nodes: number): void {
  if (nodes > licence.maxNodes)
    throw fail(
      `The number of nodes in the cluster [${nodes}] exceeds the maximum number of nodes [${licence.maxNodes}] ` +
        `allowed by the license.`,
    );
}
