import { readFileSync } from 'node:fs';
import { fileProblem } from './file-problem.js';
import { hasErrors, type Issue } from '../model/issues.js';
import { loadTopology, type LoadedTopology } from '../model/parse-topology.js';
import type { Topology } from '../model/topology.js';
import { validateTopology } from '../model/validate-topology.js';

/** A topology file read and checked: everything validate, render and later commands start from. */
export type CheckedTopology = {
  readonly file: string;
  readonly loaded: LoadedTopology;
  /** Schema and rule findings together, in file order of the rules. */
  readonly issues: readonly Issue[];
  /** Set when the file parsed and has the right shape (it may still have rule errors). */
  readonly topology: Topology | undefined;
  /** 0 valid, 1 topology errors, 2 unreadable or unparseable. */
  readonly exitCode: 0 | 1 | 2;
};

/** A topology file that could not be read at all (missing, a directory, no permission). */
export type UnreadableTopology = { readonly file: string; readonly unreadable: string };

/**
 * Reads a topology file (`-` for standard input) and checks it: the one place a topology file is
 * read, for every command and the wizard. Unreadable, it says why in words a user can act on.
 */
export function readTopology(file: string, readStdin: () => string): CheckedTopology | UnreadableTopology {
  let text: string;
  try {
    text = file === '-' ? readStdin() : readFileSync(file, 'utf8');
  } catch (cause) {
    return { file, unreadable: fileProblem(cause) };
  }
  const loaded = loadTopology(text);
  if (loaded.fatal) return { file, loaded, issues: loaded.issues, topology: undefined, exitCode: 2 };
  if (!loaded.topology) return { file, loaded, issues: loaded.issues, topology: undefined, exitCode: 1 };
  const issues = validateTopology(loaded.topology);
  return { file, loaded, issues, topology: loaded.topology, exitCode: hasErrors(issues) ? 1 : 0 };
}
