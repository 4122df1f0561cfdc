import { markerFile, packageStamp, unpackedList } from './remote-scripts.js';
import { command, quote } from './shell.js';

/*
 * What `destroy` runs on a host. ddb-setup removes only what it can show it created: the paths it
 * writes (known from the topology), the files an unpack listed, names only it uses (.ddb-setup-…),
 * and what its marker records (a swarm it formed or joined, a network it created).
 */

/** Exit codes of the removal script. */
export const removeExit = {
  /** The directory exists without ddb-setup's marker: not ours, nothing was touched. */
  foreign: 3,
  /** A process still runs from the directory: nothing was removed. */
  running: 4,
} as const;

/** Suffixes only ddb-setup gives files: partial writes, a licence on its way, an image in transit. */
const partialSuffixes = ['.ddb-setup-part', '.ddb-setup-new', '.ddb-setup-image'];

/** What a removal covers on one host (plan/plan.ts RemoveCreated, without the plan's types). */
export type Removal = {
  readonly root: string;
  readonly files: readonly string[];
  readonly packageDir?: string;
  readonly archives: readonly string[];
  readonly dirs: readonly string[];
  readonly dataDirs: readonly string[];
  readonly data: boolean;
};

/**
 * Removes what ddb-setup created under `root`, printing `removed PATH` and `kept PATH: why` lines,
 * or `absent` when there is no such directory. Refuses (exit codes above) a directory without the
 * marker, and one a DolphinDB process still runs from after SIGTERM and `waitSeconds`. Nothing is
 * removed by a pattern alone but names only ddb-setup gives; a file it did not create, and every directory holding one, stays. The marker
 * goes last, with `root`, and only when nothing else is left in it: while kept data or a user's
 * file keeps the directory, the marker keeps it ddb-setup's (check and a later deploy accept it,
 * a later destroy --data can finish).
 */
export function removeCreatedScript(removal: Removal, waitSeconds = 120): string {
  const list = (paths: readonly string[]) => paths.map(quote).join(' ');
  const lines = [
    'set -u',
    `root=${quote(removal.root)}`,
    `marker="$root"/${quote(markerFile)}`,
    'if [ ! -e "$root" ] && [ ! -L "$root" ]; then echo absent; exit 0; fi',
    'if [ ! -d "$root" ] || [ -L "$root" ] || [ ! -f "$marker" ]; then',
    `  echo "$root was not created by ddb-setup (it has no ${markerFile}): nothing in it was touched" >&2; exit ${removeExit.foreign}`,
    'fi',
    // The ordered stop came first; a DolphinDB process still running from here (a data node no
    // leader was left to stop, a process whose stop.sh is gone) would lose its files: SIGTERM and a
    // wait, as stop.sh. Only `dolphindb -…` with a path in here counts: a user's editor or tail on
    // a file in here is not a node, and is left alone.
    'here() {',
    "  found=''",
    '  for f in /proc/[0-9]*/cmdline; do',
    `    case "$(tr '\\000' ' ' 2>/dev/null < "$f")" in *"dolphindb -"*"$root/"*) p=\${f#/proc/}; found="$found \${p%/cmdline}" ;; esac`,
    '  done',
    '  echo "$found"',
    '}',
    'running=$(here)',
    'if [ -n "$running" ]; then',
    `  echo "stopping DolphinDB processes still running from $root (pid$running): SIGTERM, then up to ${waitSeconds}s"`,
    '  kill -TERM $running 2>/dev/null',
    '  waited=0',
    '  while running=$(here); [ -n "$running" ]; do',
    `    if [ "$waited" -ge ${waitSeconds} ]; then echo "DolphinDB processes still run from $root after ${waitSeconds}s (pid$running): nothing was removed" >&2; exit ${removeExit.running}; fi`,
    '    sleep 1; waited=$((waited + 1))',
    '  done',
    'fi',
    'gone() { echo "removed $1"; }',
    // The files ddb-setup writes, the copies it kept of earlier versions, and its partial writes.
    `for f in ${list(removal.files)}; do`,
    '  for g in "$f" "$f".bak-[0-9]*Z "$f".ddb-setup-part; do',
    '    if [ -f "$g" ] || [ -L "$g" ]; then rm -f "$g" && gone "$g"; fi',
    '  done',
    'done',
  ];
  if (removal.packageDir !== undefined) lines.push(...packageRemoval(removal.packageDir));
  if (removal.archives.length > 0)
    lines.push(
      `for a in ${list(removal.archives)}; do if [ -f "$a" ]; then rm -f "$a" && gone "$a"; fi; done`,
    );
  const swept = [removal.root, ...removal.dirs];
  lines.push(
    `for d in ${list(swept)}; do`,
    `  for g in ${partialSuffixes.map((suffix) => `"$d"/*${suffix}`).join(' ')}; do`,
    '    if [ -f "$g" ]; then rm -f "$g" && gone "$g"; fi',
    '  done',
    'done',
  );
  if (removal.data)
    lines.push(
      `for d in ${list(removal.dataDirs)}; do`,
      '  if [ -e "$d" ] || [ -L "$d" ]; then rm -rf "$d" && gone "$d"; fi',
      'done',
    );
  lines.push(
    // Directories ddb-setup made, deepest first: rmdir removes only an empty one.
    `for d in ${list(removal.dirs)}; do if [ -d "$d" ] && rmdir "$d" 2>/dev/null; then gone "$d"; fi; done`,
  );
  if (!removal.data)
    lines.push(
      `for d in ${list(removal.dataDirs)}; do`,
      '  if [ -e "$d" ]; then echo "kept $d: data (destroy --data removes it)"; fi',
      'done',
    );
  lines.push(
    'left=$(ls -A "$root" | grep -v -x -F ' + quote(markerFile) + ')',
    'if [ -z "$left" ]; then',
    '  rm -f "$marker" && rmdir "$root" && gone "$root"',
    'else',
    '  echo "kept $root: it still holds $(echo "$left" | head -n 5 | paste -s -d \' \' -)"',
    'fi',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Every server directory under `packageDir` that lists what its unpack put there loses exactly
 * that, then the stamps and licence copies ddb-setup added; a file the user added keeps it. A
 * directory unpacked by an older ddb-setup (no list) is kept and named; a half-done unpack
 * (marked) goes whole, as the next unpack would remove it.
 */
function packageRemoval(packageDir: string): string[] {
  const added = [packageStamp, 'dolphindb.lic', 'dolphindb.lic.package', unpackedList];
  return [
    `for d in ${quote(packageDir)}/*/; do`,
    '  d=${d%/}',
    '  if [ ! -d "$d" ] || [ -L "$d" ]; then continue; fi',
    `  if [ -f "$d"/${unpackedList} ]; then`,
    // The list names itself (it was open while find ran): it goes last, once the directories are read.
    `    (cd "$d" && sed -n 's/^f //p' ${unpackedList} | grep -v -x -F ./${unpackedList} | tr '\\n' '\\000' | xargs -0 rm -f -- && sed -n 's/^d //p' ${unpackedList} | tr '\\n' '\\000' | xargs -0 rmdir -- 2>/dev/null)`,
    `    (cd "$d" && rm -f ${added.map(quote).join(' ')})`,
    '    if rmdir "$d" 2>/dev/null; then gone "$d"; else echo "kept $d: it holds files that were not in the package"; fi',
    '  elif [ -f "$d"/.ddb-setup-unpacking ]; then rm -rf "$d" && gone "$d"',
    `  elif [ -f "$d"/${packageStamp} ]; then echo "kept $d: unpacked by an older ddb-setup that did not list what it unpacked; remove it yourself"`,
    '  fi',
    'done',
  ];
}

/** Lines ddb-setup records in a host's marker (the marker's first line names the cluster). */
export const markerRecords = {
  swarmFormed: 'swarm formed by ddb-setup',
  swarmJoined: 'swarm joined by ddb-setup',
  networkCreated: (network: string) => `network ${network} created by ddb-setup`,
} as const;

/** Adds `line` to the marker in `markerDir` once (nothing when there is no marker). */
export function recordScript(markerDir: string, line: string): string {
  const m = quote(`${markerDir}/${markerFile}`);
  return `if [ -f ${m} ]; then grep -q -x -F ${quote(line)} ${m} || echo ${quote(line)} >> ${m}; fi`;
}

/** Exits 0 when the marker in `markerDir` records `line`. */
export function recordedScript(markerDir: string, line: string): string {
  return command('grep', '-q', '-x', '-F', line, `${markerDir}/${markerFile}`);
}

/** Takes `line` out of the marker once it is no longer true (a swarm left, a network removed). */
export function forgetScript(markerDir: string, line: string): string {
  const m = `${markerDir}/${markerFile}`;
  const part = `${m}.ddb-setup-part`;
  return `if [ -f ${quote(m)} ]; then { grep -v -x -F ${quote(line)} ${quote(m)} > ${quote(part)} || true; } && mv -f ${quote(part)} ${quote(m)}; fi`;
}
