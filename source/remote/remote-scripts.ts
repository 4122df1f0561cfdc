import { command, quote } from './shell.js';

/**
 * The shell scripts the engine runs on a host, built here so that `ddb-setup plan` prints exactly
 * what `deploy` runs. Each is idempotent and POSIX sh; distinct exit codes name the refusals the
 * engine turns into messages (exitCodes below).
 */
export const remoteExit = {
  /** The cluster directory exists, is not empty and holds no ddb-setup marker: not ours to touch. */
  foreignDirectory: 3,
  /** No unzip, python3 or tar that can unpack the archive. */
  noUnpacker: 4,
  /** The archive has no `server/` directory. */
  notAServerPackage: 5,
  /** Unpacking stopped half-way (a full disk, a damaged archive); the partial directory was removed. */
  unpackFailed: 6,
  /** `<serverDir>.unpacking` exists without ddb-setup's mark: someone else's, left alone. */
  foreignUnpacking: 7,
} as const;

/** Name of the marker file that says ddb-setup created a cluster directory. */
export const markerFile = '.ddb-setup';
/** Name of the file in a server directory that records the package checksum it was unpacked from. */
export const packageStamp = '.ddb-setup-package';
/**
 * Name of the mark in `<serverDir>.unpacking` that says ddb-setup made it: only a directory with
 * it is removed by a later unpack and counted as reclaimable space by the disk check.
 */
export const unpackingMark = '.ddb-setup-unpacking';

/** Name of the list an unpack writes into each server directory: `f ./path` and `d ./path` lines. */
export const unpackedList = '.ddb-setup-files';

/**
 * Lists, in the server directory being unpacked, every file and then every directory of the package
 * (deepest first, so removing them in order empties each directory before it is removed).
 */
export function listUnpackedScript(dir: string): string {
  const d = quote(dir);
  return `(cd ${d} && { find . -mindepth 1 -depth ! -type d | sed 's/^/f /'; find . -mindepth 1 -depth -type d | sed 's/^/d /'; } > ${unpackedList})`;
}

/** Where an unpack puts the archive's contents first, so the server directory appears whole. */
export function unpackingDir(serverDir: string): string {
  return `${serverDir}.unpacking`;
}

/**
 * Creates the cluster directory and the directories below it. A directory that exists, is not
 * empty and carries no marker belongs to someone else: refuse rather than write into it.
 */
export function prepareScript(clusterDir: string, cluster: string, dirs: readonly string[]): string {
  const dir = quote(clusterDir);
  const marker = quote(`${clusterDir}/${markerFile}`);
  return [
    'set -e',
    `if [ -d ${dir} ] && [ ! -f ${marker} ] && [ -n "$(ls -A ${dir})" ]; then`,
    `  echo ${quote(`${clusterDir} exists and was not created by ddb-setup`)} >&2; exit ${remoteExit.foreignDirectory}`,
    'fi',
    `for d in ${[clusterDir, ...dirs].map(quote).join(' ')}; do [ -d "$d" ] || { echo created; break; }; done`,
    command('mkdir', '-p', clusterDir, ...dirs),
    `[ -f ${marker} ] || echo ${quote(`cluster ${cluster}: created by ddb-setup`)} > ${marker}`,
  ].join('\n');
}

/** Prints the checksum stamp of the server directory and the archive's checksum, when present. */
export function packageStateScript(archive: string, serverDir: string): string {
  return [
    `cat ${quote(`${serverDir}/${packageStamp}`)} 2>/dev/null || echo -`,
    `if [ -f ${quote(archive)} ]; then sha256sum ${quote(archive)} | cut -d' ' -f1; else echo -; fi`,
  ].join('\n');
}

/**
 * Receives an upload on standard input into the partial file and prints the sha256 of what
 * arrived; a file that could not be written whole (a full disk, a stream that ended early) exits 1.
 * The sender compares the checksum and only then moves the file into place (placeScript), so the
 * upload need not wait for the local hash.
 *
 * The hash is taken after the write, from the page cache, rather than through `tee` as the bytes
 * arrive: tee and the hash read a pipe 8 KiB at a time, which cost about 0.3 CPU-seconds per
 * 120 MB on the host, on a machine whose CPUs the transfer itself keeps busy, while reading the
 * written file back costs about 0.1 s (OpenSSL's SHA-256 uses the CPU's SHA instructions, about
 * 4× coreutils' sha256sum: 1.2 GB/s against 300 MB/s measured here); without openssl, sha256sum.
 */
export function receiveScript(partial: string, size: number): string {
  const p = quote(partial);
  return [
    `cat > ${p} || exit 1`,
    `[ "$(wc -c < ${p})" -eq ${size} ] || exit 1`,
    `if command -v openssl >/dev/null 2>&1; then sum=$(openssl dgst -sha256 -r ${p}); else sum=$(sha256sum ${p}); fi || exit 1`,
    `echo "\${sum%% *}"`,
    // One line: it is the SSH command itself, which the login shell reads (login-noise.ts).
  ].join('; ');
}

/**
 * Writes files whole over one `sh -s`: each into `<path>.ddb-setup-part` under umask 077 (so a
 * licence is never readable by others, even for a moment), given its mode, and only when every one
 * was written are they all renamed into place. The contents travel base64-encoded in here-documents
 * on the script's standard input: exact bytes (a file without a final newline stays so, a licence
 * is binary), never on a command line. SFTP did this before, but sshd runs sftp-server through the
 * user's login shell, and a ~/.bashrc that prints anything breaks that protocol.
 */
export function writeFilesScript(
  files: readonly { path: string; contents: string | Buffer; mode: number }[],
): string {
  const lines = ['set -e', 'umask 077'];
  for (const file of files) {
    const partial = `${file.path}.ddb-setup-part`;
    const encoded = Buffer.from(file.contents).toString('base64');
    lines.push(`base64 -d > ${quote(partial)} <<'DDB_SETUP_EOF'`);
    for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76));
    lines.push('DDB_SETUP_EOF', command('chmod', file.mode.toString(8), partial));
  }
  for (const file of files) lines.push(command('mv', '-f', `${file.path}.ddb-setup-part`, file.path));
  return lines.join('\n') + '\n';
}

/** Moves a received upload into place, once its checksum was found right. */
export function placeScript(partial: string, target: string): string {
  return command('mv', '-f', partial, target);
}

/** Downloads the package on the host itself (curl or wget), into a partial file first. */
export function downloadScript(url: string, archive: string): string {
  const part = quote(`${archive}.part`);
  return [
    'set -e',
    `if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 2 -o ${part} ${quote(url)};`,
    `else wget -q -O ${part} ${quote(url)}; fi`,
    `mv ${part} ${quote(archive)}`,
    `sha256sum ${quote(archive)} | cut -d' ' -f1`,
  ].join('\n');
}

/**
 * Unpacks the archive's `server/` into `serverDir` through a temporary directory, so the server
 * directory appears whole or not at all. The temporary directory is marked as ddb-setup's before
 * anything is unpacked into it: one left by an earlier run (killed, or its disk full) is removed
 * first, one without the mark is never touched. A failed unpack removes its own partial directory
 * at once, so a full disk gets its space back; the archive stays for the retry. A server directory
 * unpacked from another archive is moved aside (`.bak-<stamp>`), never deleted: the user may have
 * added plugins to it.
 */
export function unpackScript(archive: string, serverDir: string, checksum: string, stamp: string): string {
  const dir = unpackingDir(serverDir);
  const tmp = quote(dir);
  const mark = quote(`${dir}/${unpackingMark}`);
  const a = quote(archive);
  const s = quote(serverDir);
  return [
    'set -e',
    // An earlier run's (marked, or empty: its mark could not even be written) is removed.
    `if [ -e ${tmp} ] || [ -L ${tmp} ]; then`,
    `  if [ -d ${tmp} ] && [ ! -L ${tmp} ] && [ -f ${mark} ]; then rm -rf ${tmp}`,
    `  elif [ -d ${tmp} ] && [ ! -L ${tmp} ] && rmdir ${tmp} 2>/dev/null; then :`,
    `  else echo ${quote(`${dir} exists and was not made by ddb-setup`)} >&2; exit ${remoteExit.foreignUnpacking}; fi`,
    'fi',
    // The script itself is the shell's standard input: an unpacker that asks (unzip on a full
    // disk: "Continue? (y/n)") must read nothing of it, so each reads /dev/null.
    'if ! {',
    `  mkdir ${tmp} && echo ${quote(checksum)} > ${mark} &&`,
    `  case ${a} in`,
    `    *.tar.gz|*.tgz) tar -xzf ${a} -C ${tmp} </dev/null ;;`,
    `    *) if command -v unzip >/dev/null 2>&1; then unzip -q -o ${a} -d ${tmp} </dev/null`,
    `       elif command -v python3 >/dev/null 2>&1; then python3 -m zipfile -e ${a} ${tmp} </dev/null`,
    `       else rm -rf ${tmp}; echo 'neither unzip nor python3 is installed' >&2; exit ${remoteExit.noUnpacker}; fi ;;`,
    '  esac',
    '}; then',
    `  rm -rf ${tmp}; exit ${remoteExit.unpackFailed}`,
    'fi',
    `if [ ! -f ${tmp}/server/dolphindb ]; then`,
    `  rm -rf ${tmp}; echo ${quote(`${archive} holds no server/dolphindb: is it a DolphinDB server package?`)} >&2`,
    `  exit ${remoteExit.notAServerPackage}`,
    'fi',
    // python3's zipfile drops permission bits.
    `chmod 755 ${tmp}/server/dolphindb`,
    `if [ -e ${s} ]; then mv ${s} ${quote(`${serverDir}.bak-${stamp}`)}; fi`,
    `mv ${tmp}/server ${s} && rm -rf ${tmp}`,
    // What the package put there, so that destroy removes exactly that (and not a plugin added since).
    listUnpackedScript(serverDir),
    `echo ${quote(checksum)} > ${quote(`${serverDir}/${packageStamp}`)}`,
    `rm -f ${a}`,
  ].join('\n');
}

/**
 * Puts an uploaded licence in place with mode 0600; the package's own licence is kept once as
 * `dolphindb.lic.package` so going back to it needs no download.
 */
export function installLicenseScript(uploaded: string, target: string): string {
  const t = quote(target);
  return [
    'set -e',
    `chmod 600 ${quote(uploaded)}`,
    `if [ -f ${t} ] && [ ! -f ${quote(`${target}.package`)} ]; then mv ${t} ${quote(`${target}.package`)}; fi`,
    `mv ${quote(uploaded)} ${t}`,
  ].join('\n');
}

/** Prints `<sha256> <path>` for each existing file, nothing for a missing one. */
export function checksumScript(paths: readonly string[]): string {
  return `for f in ${paths.map(quote).join(' ')}; do [ -f "$f" ] && sha256sum "$f"; done; true`;
}

/** Moves an existing file aside before it is replaced. */
export function backupScript(path: string, stamp: string): string {
  return command('cp', '-p', path, `${path}.bak-${stamp}`);
}

/** Runs a node's start.sh or stop.sh (the stop script sends SIGTERM and waits for the exit). */
export function nodeScript(script: string): string {
  return command('sh', script);
}

/**
 * Runs a node's stop.sh when it is there; when it is gone (an earlier destroy removed it after the
 * node stopped) says the node is not running, as stop.sh would.
 */
export function stopIfPresentScript(script: string, alias: string): string {
  return `if [ -f ${quote(script)} ]; then ${nodeScript(script)}; else echo ${quote(`${alias} is not running (${script} is gone)`)}; fi`;
}

/** Prints the last lines of a log file. */
export function tailScript(logFile: string, lines: number): string {
  return `tail -n ${lines} ${quote(logFile)} 2>/dev/null || true`;
}
