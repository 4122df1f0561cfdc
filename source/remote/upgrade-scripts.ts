import { backupDirsScript } from './backup-dirs.js';
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
  return backupDirsScript(dirs.map((dir) => ({ dir, backup: metadataBackupOf(dir, version) })));
}

/**
 * Copies the licence `from` (the running version's) to `target` (the new version's) unless they
 * are the same bytes; the package's own licence is kept as `<target>.package`. Prints `absent`,
 * `same` or `copied`.
 */
export function carryLicenseScript(from: string, target: string): string {
  const f = quote(from);
  const t = quote(target);
  const next = quote(`${target}.ddb-setup-new`);
  return [
    'set -e',
    `if [ ! -f ${f} ]; then echo absent; exit 0; fi`,
    `if [ -f ${t} ] && [ "$(sha256sum < ${f})" = "$(sha256sum < ${t})" ]; then echo same; exit 0; fi`,
    `cp -p ${f} ${next}`,
    `chmod 600 ${next}`,
    `if [ -f ${t} ] && [ ! -f ${quote(`${target}.package`)} ]; then mv ${t} ${quote(`${target}.package`)}; fi`,
    `mv ${next} ${t}`,
    'echo copied',
  ].join('\n');
}
