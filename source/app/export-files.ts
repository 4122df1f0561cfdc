import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedFile } from '../render/render-files.js';

/** What an export did. */
export type ExportReport = {
  readonly written: number;
  readonly unchanged: number;
  /** Existing files that differed, each kept under its backup name first. */
  readonly backups: readonly { readonly file: string; readonly backup: string }[];
};

/**
 * Writes `DIR/<host>/<absolute path>`. Identical files are left alone; a different existing file is
 * kept as `<name>.bak-<stamp>` first, so nothing a person wrote is lost. Shared by `render -o` and
 * the wizard's export.
 */
export function exportRenderedFiles(
  root: string,
  files: readonly RenderedFile[],
  stamp: string,
): ExportReport {
  let written = 0;
  let unchanged = 0;
  const backups: { file: string; backup: string }[] = [];
  for (const file of files) {
    const target = join(root, file.host, file.path);
    const result = writeKeepingBackup(target, file.contents, stamp, file.fileMode);
    if (result.written) written++;
    else unchanged++;
    if (result.backup !== undefined) backups.push({ file: target, backup: result.backup });
  }
  return { written, unchanged, backups };
}

/**
 * Writes a text file that a person may also have written: the same text is left alone (only its
 * permission bits restored when `mode` is given and they differ), a different existing file is kept
 * as `<name>.bak-<stamp>` first. Shared by `render -o`, the wizard's export and its save.
 */
export function writeKeepingBackup(
  target: string,
  contents: string,
  stamp: string,
  mode?: number,
): { readonly written: boolean; readonly backup?: string } {
  let backup: string | undefined;
  if (existsSync(target)) {
    if (readFileSync(target, 'utf8') === contents) {
      if (mode === undefined || (statSync(target).mode & 0o777) === mode) return { written: false };
      chmodSync(target, mode);
      return { written: true };
    }
    backup = freeBackupName(`${target}.bak-${stamp}`);
    renameSync(target, backup);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, contents, mode === undefined ? {} : { mode });
  // The umask may have narrowed the mode at creation.
  if (mode !== undefined) chmodSync(target, mode);
  return backup === undefined ? { written: true } : { written: true, backup };
}

/** `20240501T101112` from a date: the suffix of backup files. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

/** A backup name not yet taken: two exports within one second must not overwrite a backup. */
function freeBackupName(base: string): string {
  let name = base;
  for (let n = 1; existsSync(name); n++) name = `${base}.${n}`;
  return name;
}
