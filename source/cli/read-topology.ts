import { readTopology, type CheckedTopology } from '../app/read-topology.js';
import type { Issue } from '../model/issues.js';
import type { SourceLocation } from '../model/parse-topology.js';
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

/** Where in the file an issue is: the position the parser recorded, else the place of its path. */
export function issueLocation(checked: CheckedTopology, issue: Issue): SourceLocation | undefined {
  return checked.loaded.positions.get(issue) ?? checked.loaded.locate(issue.path);
}
