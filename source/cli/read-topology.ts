import { readTopology, type CheckedTopology } from '../app/read-topology.js';
import { UsageError } from './usage-error.js';

export type { CheckedTopology } from '../app/read-topology.js';

/** Reads `-f FILE` (`-` for standard input). A missing or unreadable file is a usage error (exit 2). */
export function readTopologyFile(file: string | undefined, readStdin: () => string): CheckedTopology {
  if (file === undefined)
    throw new UsageError('-f FILE is required: name the topology file (make one with `ddb-setup template`)');
  const read = readTopology(file, readStdin);
  if ('unreadable' in read) throw new UsageError(`cannot read topology file ${file}: ${read.unreadable}`);
  return read;
}
