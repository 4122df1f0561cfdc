import { quote } from './shell.js';

/** Exit code of readFileScript when the file is not there (any other failure is the shell's). */
export const fileAbsent = 3;

/** Prints a file, or exits `fileAbsent` when there is none: reading changes nothing. */
export function readFileScript(path: string): string {
  const p = quote(path);
  return `[ -f ${p} ] || exit ${fileAbsent}; cat ${p}`;
}
