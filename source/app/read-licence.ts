import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseLicense } from '../checks/license-terms.js';
import { readPackageLicense } from '../checks/package-license.js';
import type { LicenceReading, LicenceSource } from '../wizard/wizard-model.js';
import { fileProblem, notAFile } from './file-problem.js';

/**
 * Reads the licence the wizard's answers name — the Licence file field, or the one inside a local
 * package — so the wizard can weigh the layout against its limits before anything is deployed.
 * Never throws: what went wrong is part of the reading.
 */
export async function readLicence(source: LicenceSource, cwd: string): Promise<LicenceReading> {
  const path = isAbsolute(source.path) ? source.path : resolve(cwd, source.path);
  let text: string | undefined;
  try {
    text = source.kind === 'file' ? await readLicenceFile(path) : await readPackageLicense(path);
  } catch (error) {
    return {
      kind: 'unreadable',
      reason: source.kind === 'file' ? fileProblem(error) : (error as Error).message,
    };
  }
  if (text === undefined) return { kind: 'none' };
  const terms = parseLicense(text);
  if (!terms) return { kind: 'unknown-format' };
  return {
    kind: 'terms',
    maxNodes: terms.maxNodes,
    maxMemoryPerNode: terms.maxMemoryPerNode,
    expires: terms.expires,
    clientName: terms.clientName,
  };
}

// A licence is about a kilobyte: a path to something else (a package, a device) is not read whole.
async function readLicenceFile(path: string): Promise<string> {
  const info = await stat(path);
  const problem = notAFile(info);
  if (problem) throw problem;
  if (info.size > 1024 * 1024) throw new Error('too large for a licence file (over 1 MB)');
  return readFile(path, 'utf8');
}
