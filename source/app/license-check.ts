import { readFile } from 'node:fs/promises';
import type { CheckFinding } from '../checks/finding.js';
import { licenseFindings } from '../checks/license-findings.js';
import { licenseError, licenseOk, licenseWarning } from '../checks/license-result.js';
import { parseLicense } from '../checks/license-terms.js';
import { readPackageLicense } from '../checks/package-license.js';
import type { Topology } from '../model/topology.js';
import { licensePathOf } from '../plan/package-source.js';
import type { PackageSource } from '../plan/plan.js';
import { fileProblem } from './file-problem.js';

/**
 * The licence the deployment will run with — `server.license`, else the one inside a local package —
 * read and weighed against the topology (expiry, node limit, memory per node). A package that hosts
 * download, or a Swarm image (`source` undefined), is not fetched just for this: DolphinDB checks
 * its licence at start-up.
 */
export async function licenseCheck(
  topology: Topology,
  baseDir: string,
  source: PackageSource | undefined,
  today: Date,
): Promise<CheckFinding[]> {
  const own = licensePathOf(topology, baseDir);
  if (own !== undefined) {
    try {
      const text = await readFile(own, 'utf8');
      return licenseFindings(parseLicense(text), topology, today, `server.license ${own}`);
    } catch (error) {
      return [
        licenseError(
          `server.license ${own}: ${fileProblem(error)}`,
          'set server.license to the licence file DolphinDB sent you, or remove it to keep the package’s',
        ),
      ];
    }
  }
  if (source?.kind !== 'file')
    return [
      licenseOk(
        `the licence comes with the ${source ? 'package the hosts download' : 'image'}; DolphinDB checks it at start-up`,
      ),
    ];
  try {
    const text = await readPackageLicense(source.path);
    if (text === undefined)
      return [
        licenseWarning(
          `${source.path} holds no server/dolphindb.lic`,
          'set server.license to your licence file',
        ),
      ];
    return licenseFindings(parseLicense(text), topology, today, `the licence in ${source.fileName}`);
  } catch (error) {
    // An unreadable package is reported by the package check and again when it is unpacked.
    return [
      licenseWarning(
        (error as Error).message,
        'check that server.package is a DolphinDB server .zip or .tar.gz',
      ),
    ];
  }
}
