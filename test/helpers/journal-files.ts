import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every run journal of cluster `name` under a config directory (`journals/<name>-<hash>/*.jsonl`),
 * concatenated oldest first: what support staff would read after a run.
 */
export function journalText(configDir: string, name: string): string {
  const root = join(configDir, 'journals');
  if (!existsSync(root)) return '';
  return readdirSync(root)
    .filter((entry) => entry.startsWith(`${name}-`))
    .flatMap((entry) =>
      readdirSync(join(root, entry))
        .sort()
        .map((file) => readFileSync(join(root, entry, file), 'utf8')),
    )
    .join('');
}
