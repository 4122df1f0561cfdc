import { backupDirsScript } from './backup-dirs.js';
import { command, quote } from './shell.js';

/** Where a config directory's backup goes before a change: `<dir>.bak-<tag>`. */
export function configBackupOf(dir: string, tag: string): string {
  return `${dir}.bak-${tag}`;
}

/**
 * Copies each config directory to its backup (seed 003: `cp -r config config.bak`) through a
 * `.partial` copy renamed when complete, so a copy cut short is never taken for a backup. A backup
 * already there was taken before the first attempt and is kept. Prints one line per directory:
 * `backed-up`, `kept` or `absent`.
 */
export function backupConfigsScript(dirs: readonly string[], tag: string): string {
  return backupDirsScript(dirs.map((dir) => ({ dir, backup: configBackupOf(dir, tag) })));
}

/** The file in a copied directory that says ddb-setup put it there, verified. */
export const copiedMarker = '.ddb-setup-copied';

/** The archive of a directory on its way, beside the directory on either host. */
export const copyArchiveOf = (dir: string): string => `${dir}.ddb-setup-copy.tar`;

/** Where the copy is unpacked and checked before it takes the directory's name. */
export const partialCopyOf = (dir: string): string => `${dir}.partial-copy`;

/**
 * What the target holds: `copied` then the marker's lines (a verified copy), `empty` (nothing, or
 * directories without a file: the config/ and log/ the new server's preparation made), or `foreign` (something ddb-setup did not put there).
 */
export function copyTargetStateScript(dir: string): string {
  const d = quote(dir);
  return [
    `if [ -f ${quote(`${dir}/${copiedMarker}`)} ]; then echo copied; cat ${quote(`${dir}/${copiedMarker}`)}`,
    `elif [ ! -e ${d} ]; then echo empty`,
    `elif [ -d ${d} ] && [ -z "$(find ${d} ! -type d | head -n 1)" ]; then echo empty`,
    'else echo foreign; fi',
  ].join('\n');
}

/**
 * Packs the source directory into an archive beside it (written aside, then renamed) and prints
 * its size and sha256; `absent` when the directory is not there, `running <pid>` when the process
 * of its pid file (start.sh writes `dolphindb.pid`) still runs from it: a copy of a live Raft log
 * is not a state to start from. The directory itself is only read.
 */
export function packDirScript(dir: string, options: { live?: boolean; list?: string } = {}): string {
  const archive = copyArchiveOf(dir);
  const partial = `${archive}.partial`;
  return [
    `if [ ! -d ${quote(dir)} ]; then echo absent; exit 0; fi`,
    // A copy taken while the process runs (`live`) is only a head start: the copy made once it
    // stopped sends what changed since, and is the one verified.
    ...(options.live ? [] : runningCheckLines(dir)),
    'set -e',
    command('rm', '-f', partial),
    options.live
      ? // tar says 1 when a file changed while it read it: expected of a running process.
        `${command('tar', '-C', dir, '-cf', partial, '.')} || [ $? -eq 1 ]`
      : options.list !== undefined
        ? // The files of the list, and every directory and symlink (few, small, no checksum).
          `{ cat ${quote(options.list)}; cd ${quote(dir)} && find . ! -type f ! -path . ; } | ${command('tar', '-C', dir, '--no-recursion', '-cf', partial, '-T', '-')}`
        : command('tar', '-C', dir, '-cf', partial, '.'),
    command('mv', '-f', partial, archive),
    `wc -c < ${quote(archive)}`,
    `sha256sum ${quote(archive)} | cut -d' ' -f1`,
  ].join('\n');
}

/** Prints `running <pid>` and stops when the process of the directory's pid file still runs from it. */
function runningCheckLines(dir: string): string[] {
  const pidFile = quote(`${dir}/dolphindb.pid`);
  return [
    `pid=$(cat ${pidFile} 2>/dev/null) || pid=`,
    'case "$pid" in ""|*[!0-9]*) ;; *)',
    `  if tr '\\000' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- ${quote(`${dir}/`)}; then echo "running $pid"; exit 0; fi ;;`,
    'esac',
  ];
}

/** `running <pid>` when the directory's process still runs, else nothing. */
export function runningScript(dir: string): string {
  return [...runningCheckLines(dir), 'true'].join('\n');
}

/** `yes` when an earlier copy (made while the process ran) waits beside the target. */
export function stagedCopyScript(dir: string): string {
  return `if [ -d ${quote(partialCopyOf(dir))} ]; then echo yes; else echo no; fi`;
}

/** Removes from the early copy the files (`./path` lines of `list`) gone from the source. */
export function removeStagedScript(dir: string, list: string): string {
  return `cd ${quote(partialCopyOf(dir))} && tr '\\n' '\\000' < ${quote(list)} | xargs -0 -r rm -f -- && rm -f ${quote(list)}`;
}

/**
 * One piece of a file, base64-encoded: the executors' output is text, so the bytes travel as text.
 * `dd` reads a regular file in whole blocks up to its end.
 */
export function readPieceScript(file: string, index: number, pieceBytes: number): string {
  return `dd if=${quote(file)} bs=${pieceBytes} skip=${index} count=1 2>/dev/null | base64`;
}

/**
 * Unpacks the uploaded archive into the partial copy and removes the archive: a fresh one, or over
 * the early copy (`fresh` false) with the files that changed since.
 */
export function unpackCopyScript(dir: string, fresh = true): string {
  const partial = partialCopyOf(dir);
  const archive = copyArchiveOf(dir);
  return [
    'set -e',
    ...(fresh ? [command('rm', '-rf', partial)] : []),
    command('mkdir', '-p', partial),
    command('tar', '-C', partial, '-xpf', archive),
    command('rm', '-f', archive),
  ].join('\n');
}

/**
 * `<sha256>  ./<path>` of every regular file under `dir`, sorted bytewise; the marker is not
 * part of the copy.
 */
export function fileListScript(dir: string): string {
  return `cd ${quote(dir)} && find . -type f ! -path ${quote(`./${copiedMarker}`)} -exec sha256sum {} + | LC_ALL=C sort`;
}

/**
 * Gives the verified copy its name. Empty directories in the way (the new server's prepared
 * config/ and log/) are removed with rmdir, deepest first, which refuses any that holds a file:
 * nothing another program put there since is ever replaced.
 */
export function placeCopyScript(dir: string): string {
  const d = quote(dir);
  return [
    'set -e',
    `if [ -d ${d} ]; then find ${d} -depth -type d -exec rmdir {} +; fi`,
    command('mv', partialCopyOf(dir), dir),
  ].join('\n');
}

/** Removes the archives a copy left on a host (it runs again from the start next time). */
export function removeArchiveScript(dir: string): string {
  return command(
    'rm',
    '-f',
    copyArchiveOf(dir),
    `${copyArchiveOf(dir)}.partial`,
    `${copyArchiveOf(dir)}.list`,
  );
}

/** Prints a record file, or `absent`. */
export function readRecordScript(path: string): string {
  return `if [ -f ${quote(path)} ]; then cat ${quote(path)}; else echo absent; fi`;
}
