import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { deploymentIdentity } from '../model/deployment-identity.js';
import type { Topology } from '../model/topology.js';
import { journalRuns } from '../store/journal.js';
import { readTopology } from './read-topology.js';

/**
 * Why `file` must not be replaced by `topology`: it holds a cluster that was deployed and shares
 * no server directory with this one — a different deployment that happens to have the same file
 * name (every wizard run proposes `ddb.yaml`). Undefined when saving over it is safe: no file, not
 * a topology, never deployed, or the same deployment (edited).
 */
export function deployedElsewhere(file: string, topology: Topology): string | undefined {
  if (file === '-' || !existsSync(file)) return undefined;
  const read = readTopology(file, () => '');
  const existing = 'topology' in read ? read.topology : undefined;
  if (!existing) return undefined;
  const theirs = deploymentIdentity(existing);
  const ours = deploymentIdentity(topology);
  if (theirs.places.some((place) => ours.places.includes(place))) return undefined;
  const deployed = journalRuns(theirs).filter((run) => run.command === 'deploy');
  if (deployed.length === 0) return undefined;
  const hosts = existing.hosts.map((host) => host.address).join(', ');
  return (
    `${basename(file)} holds cluster ${existing.name}, deployed on ${hosts} — another deployment than this one. ` +
    `Save under another file name (for example ${freeName(file)})`
  );
}

/** `ddb.yaml` → the first of `ddb-2.yaml`, `ddb-3.yaml`… that does not exist. */
function freeName(file: string): string {
  const ext = extname(file);
  const stem = basename(file, ext);
  for (let n = 2; ; n += 1) {
    const candidate = join(dirname(file), `${stem}-${n}${ext}`);
    if (!existsSync(candidate)) return basename(candidate);
  }
}
