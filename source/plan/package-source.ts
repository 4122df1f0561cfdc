import { basename, isAbsolute, resolve } from 'node:path';
import type { Topology } from '../model/topology.js';
import type { PackageSource } from './plan.js';

/** The official download address of a server version (facts §1.1, §10). */
export function officialPackageUrl(version: string): string {
  return `https://www.dolphindb.cn/downloads/DolphinDB_Linux64_V${version}.zip`;
}

/**
 * Where `server.package` points: a URL, or a local path relative to the topology file's directory
 * (as `server.license` is). Absent, the official URL for the version.
 */
export function packageSourceOf(topology: Topology, baseDir: string): PackageSource {
  const given = topology.server.package ?? officialPackageUrl(topology.server.version);
  if (/^https?:\/\//i.test(given)) {
    const name = decodeURIComponent(new URL(given).pathname.split('/').pop() ?? '');
    return { kind: 'url', url: given, fileName: name || `DolphinDB_Linux64_V${topology.server.version}.zip` };
  }
  const path = isAbsolute(given) ? given : resolve(baseDir, given);
  return { kind: 'file', path, fileName: basename(path) };
}

/** The licence's local path, relative to the topology file's directory, when one is set. */
export function licensePathOf(topology: Topology, baseDir: string): string | undefined {
  const given = topology.server.license;
  if (given === undefined) return undefined;
  return isAbsolute(given) ? given : resolve(baseDir, given);
}
