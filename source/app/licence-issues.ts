import { readFile } from 'node:fs/promises';
import type { CheckFinding } from '../checks/finding.js';
import { licenseFindings } from '../checks/license-findings.js';
import { parseLicense } from '../checks/license-terms.js';
import { readPackageLicense } from '../checks/package-license.js';
import type { Issue } from '../model/issues.js';
import type { Topology } from '../model/topology.js';
import { licensePathOf, packageSourceOf } from '../plan/package-source.js';
import { fileProblem } from './file-problem.js';

/** What `validate` learned about the licence: issues, and whether it read one (then the model's guess goes). */
export type LicenceValidation = { readonly issues: Issue[]; readonly read: boolean };

/**
 * The licence weighed against the topology as far as `validate` can know it offline: the file at
 * `server.license`, else the licence inside a local `server.package`. A package that hosts
 * download is not fetched (the validator's community-licence warning says so). Over a licence it
 * read — nodes, memory per node, expiry — is an error: DolphinDB would not start (facts §5). A
 * licence it cannot read here is a warning: validate may run on another machine than deploy.
 */
export async function licenceIssues(
  topology: Topology,
  baseDir: string,
  today: Date,
): Promise<LicenceValidation> {
  const own = licensePathOf(topology, baseDir);
  const source = packageSourceOf(topology, baseDir);
  let text: string | undefined;
  let name: string;
  try {
    if (own !== undefined) {
      name = `server.license ${topology.server.license ?? own}`;
      text = await readFile(own, 'utf8');
    } else if (source.kind === 'file') {
      name = `the licence in ${source.fileName}`;
      text = await readPackageLicense(source.path);
      if (text === undefined)
        return {
          issues: [
            unread(
              `${source.fileName} holds no server/dolphindb.lic: set server.license to your licence file`,
            ),
          ],
          read: false,
        };
    } else return { issues: [], read: false };
  } catch (error) {
    const why =
      own !== undefined
        ? `cannot read server.license ${own}: ${fileProblem(error)}`
        : (error as Error).message;
    return { issues: [unread(`${why}; the pre-flight check reads it again before deploying`)], read: false };
  }
  return { issues: licenseFindings(parseLicense(text), topology, today, name).flatMap(toIssue), read: true };
}

function unread(message: string): Issue {
  return { level: 'warning', path: 'server.license', code: 'licence-unread', message };
}

// Only what stops DolphinDB: notes about the memory in force are the pre-flight check's to make.
function toIssue(finding: CheckFinding): Issue[] {
  if (finding.level !== 'error') return [];
  const message = finding.fix ? `${finding.message}: ${finding.fix}` : finding.message;
  return [
    {
      level: 'error',
      path: 'server.license',
      code: 'licence-limit',
      message,
    },
  ];
}
