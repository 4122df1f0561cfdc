import { quote } from './shell.js';

/**
 * Copies each directory to its backup through a `.partial` copy renamed when complete, so a copy
 * cut short (a host powered off) is never taken for a backup: the next run removes the partial
 * copy and copies again. A complete backup already there is the state before the first attempt and
 * is kept. Prints one line per directory: `backed-up <backup>`, `kept <backup>` or `absent <dir>`.
 */
export function backupDirsScript(
  pairs: readonly { readonly dir: string; readonly backup: string }[],
): string {
  const lines = pairs.map(({ dir, backup }) => {
    const partial = `${backup}.partial`;
    return [
      `if [ -e ${quote(backup)} ]; then echo ${quote(`kept ${backup}`)}`,
      `elif [ ! -d ${quote(dir)} ]; then echo ${quote(`absent ${dir}`)}`,
      `else rm -rf ${quote(partial)} && cp -rp ${quote(dir)} ${quote(partial)} && mv ${quote(partial)} ${quote(backup)} && echo ${quote(`backed-up ${backup}`)} || exit 1`,
      'fi',
    ].join('; ');
  });
  return ['set -u', ...lines].join('\n');
}
