/** Files written so a crash leaves the old or the new content, never half of it (tmp + rename). */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** A JSON file's content, or undefined when it does not exist. */
export function readJson<J>(path: string): J | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as J;
}
