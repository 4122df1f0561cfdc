import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Template texts by path relative to `templates/` (`config/controller.cfg`). */
export type TemplateSet = ReadonlyMap<string, string>;

/**
 * Reads `templates/` (the only file access in render/). It is found by walking up from this module,
 * which works from `source/render/` in tests and from `dist/` in the published package.
 */
export function loadTemplates(dir: string = findTemplatesDir()): TemplateSet {
  const templates = new Map<string, string>();
  for (const group of readdirSync(dir, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const file of readdirSync(join(dir, group.name))) {
      templates.set(`${group.name}/${file}`, readFileSync(join(dir, group.name, file), 'utf8'));
    }
  }
  return templates;
}

function findTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'config', 'controller.cfg'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('ddb-setup: templates/ directory not found next to the program');
    dir = parent;
  }
}
