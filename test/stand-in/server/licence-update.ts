/**
 * `updateLicense()` (facts §5 "Online update", §12.2): the node reads `dolphindb.lic` again and
 * takes the new licence only when the documented conditions hold — same clientName and
 * authorization, maxNodes / memory / cores not smaller, not a `trial` licence. Otherwise it keeps
 * the licence it has and the call fails: the documented way out is a restart (offline update).
 */
import { ScriptError } from './errors.js';
import { log } from './log.js';
import { readLicence, type Licence } from './licence.js';

/** The licence the node runs with after the call; throws (keeping `current`) when refused. */
export function updateLicence(current: Licence): Licence {
  let next: Licence;
  try {
    next = readLicence(current.path);
  } catch (error) {
    throw new ScriptError(`updateLicense failed: ${(error as Error).message}`); // stand-in wording
  }
  const refusal = refusalOf(current, next);
  // The exact wording of a refused online update is not in the public docs: this is the stand-in's.
  if (refusal) throw new ScriptError(`The license cannot be updated online: ${refusal}. Restart the node.`);
  log.info(`updateLicense: the license of ${next.clientName} is now valid until day ${next.expiration}.`);
  return next;
}

function refusalOf(current: Licence, next: Licence): string | undefined {
  if (next.authorization === 'trial') return 'a trial license';
  if (next.clientName !== current.clientName) return 'the clientName differs';
  if (next.authorization !== current.authorization) return 'the authorization differs';
  if (next.maxNodes < current.maxNodes) return 'maxNodes is smaller';
  if (next.maxMemoryPerNode < current.maxMemoryPerNode) return 'maxMemoryPerNode is smaller';
  if (next.maxCoresPerNode < current.maxCoresPerNode) return 'maxCoresPerNode is smaller';
  return undefined;
}
