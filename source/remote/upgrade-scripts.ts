import { quote } from './shell.js';

/** Where a metadata directory's backup goes before an upgrade from `version`: `<dir>_BAK-<version>`. */
export function metadataBackupOf(dir: string, version: string): string {
  return `${dir}_BAK-${version}`;
}

/**
 * Copies each metadata directory to its backup (facts §12.2 step 3: `cp -r X X_BAK`), through a
 * `.partial` copy renamed when complete, so a copy cut short (a host powered off) is never taken
 * for a backup: the next run removes the partial copy and copies again. A complete backup already
 * there is the state before the first attempt and is kept. Prints one line per directory:
 * `backed-up`, `kept` or `absent` (nothing there: a node that has stored nothing yet).
 */
export function backupMetadataScript(dirs: readonly string[], version: string): string {
  const lines = dirs.map((dir) => {
    const backup = metadataBackupOf(dir, version);
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
