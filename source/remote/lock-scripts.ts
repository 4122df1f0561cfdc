import { quote } from './shell.js';

/**
 * The scripts behind "one run per cluster at a time", enforced on the hosts, where two operators'
 * machines meet. The lock is a `flock` on a file in /tmp named after the deployment's directory,
 * held by a small process left on the host; that process lets go by itself 30 s after the run's
 * last heartbeat, so a run that was killed, or whose machine or network died, never blocks the
 * cluster for longer than that, and the kernel, not a file's contents, decides who holds it.
 *
 * The holder's details (who, since when, which command) are in `<lock>.<uid>.json`, one per SSH
 * user, so operators logging in as different users still see each other's (their lock file is
 * shared: created world-readable, locked through a read-only descriptor).
 */

/** Exit codes of the acquire script. */
export const lockExit = { held: 75, noFlock: 3, cannotOpen: 4 } as const;

/** Seconds after the last heartbeat when the holder lets go. */
export const leaseSeconds = 30;

/** The lock file for a deployment directory on a host (its hash keeps the name short and plain). */
export function lockPath(dirHash: string): string {
  return `/tmp/ddb-setup-${dirHash}.lock`;
}

const preamble = (lock: string) => [
  `lock=${quote(lock)}`,
  'uid=$(id -u)',
  'info="$lock.$uid.json"',
  'alive="$lock.$uid.alive"',
];

/** Prints the details of the live holder(s) of `lock`, one JSON line each. */
const printHolders = [
  'for f in "$lock".*.json; do',
  '  [ -f "$f" ] || continue',
  `  pid=$(sed -n 's/^{"hostPid":\\([0-9]*\\),.*/\\1/p' "$f")`,
  '  [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue',
  '  seen=$(stat -c %Y "${f%.json}.alive" 2>/dev/null || echo 0)',
  '  printf \'holder %s %s\\n\' "$(($(date +%s) - seen))" "$(cat "$f")"',
  'done',
];

/**
 * Takes the lock or says who holds it (exit 75, `holder AGE JSON` lines). On success prints
 * `locked PID`: the holder process, which keeps the lock while `<lock>.<uid>.alive` is touched.
 * `details` is one JSON object without its braces' `hostPid` (added here), never a secret.
 */
export function acquireLockScript(lock: string, details: string, lease = leaseSeconds): string {
  return [
    ...preamble(lock),
    `command -v flock >/dev/null 2>&1 || exit ${lockExit.noFlock}`,
    // World-readable and -writable, so another SSH user can lock it too (not replace it: /tmp is sticky).
    '[ -e "$lock" ] || (umask 0; : >>"$lock") 2>/dev/null',
    `exec 9<"$lock" || exit ${lockExit.cannotOpen}`,
    // Held: say by whom. The holder writes its details just after it locks, so a run that lost
    // the race by a millisecond looks again for up to 2 s (or takes the lock if it came free).
    'tries=0',
    'while ! flock -n 9; do',
    '  found=$(',
    ...printHolders.map((line) => `    ${line}`),
    '  )',
    `  if [ -n "$found" ] || [ "$tries" -ge 20 ]; then printf '%s\\n' "$found"; exit ${lockExit.held}; fi`,
    '  tries=$((tries + 1))',
    '  sleep 0.1',
    'done',
    'touch "$alive"',
    // The holder: a child shell that inherits descriptor 9 (and with it the lock). Its commands
    // close 9 so that none of them outlives it holding the lock (dash moves it above 10,
    // close-on-exec, for the same effect). HUP and INT are ignored: the
    // SSH session ending must not end it; only its lease or release does.
    '(',
    "  trap '' HUP INT",
    '  while :; do',
    '    sleep 2 9<&-',
    '    seen=$(stat -c %Y "$alive" 2>/dev/null 9<&-) || break',
    `    [ $(($(date +%s 9<&-) - seen)) -lt ${lease} ] || break`,
    '  done',
    '  rm -f "$info" "$alive"',
    ') </dev/null >/dev/null 2>&1 &',
    'holder=$!',
    `printf '{"hostPid":%s,%s}\\n' "$holder" ${quote(details)} >"$info.$$" && mv -f "$info.$$" "$info"`,
    'echo "locked $holder"',
  ].join('\n');
}

/** The lines that check that `<lock>.<uid>.json` still names `token` (else: not ours, exit 0). */
const ifOurs = (token: string) => [
  `grep -q ${quote(`"token":"${token}"`)} "$info" 2>/dev/null || { echo lost; exit 0; }`,
];

/** Keeps the lease: touches the alive file while the lock is still ours; prints `ok` or `lost`. */
export function heartbeatScript(lock: string, token: string): string {
  return [...preamble(lock), ...ifOurs(token), 'touch "$alive"', 'echo ok'].join('\n');
}

/**
 * Lets go: ends the holder (only when its details carry our token) and waits until the lock is
 * free, so the next command, even at once, finds it free.
 */
export function releaseLockScript(lock: string, token: string): string {
  return [
    ...preamble(lock),
    ...ifOurs(token),
    `pid=$(sed -n 's/^{"hostPid":\\([0-9]*\\),.*/\\1/p' "$info")`,
    'rm -f "$alive" "$info"',
    '[ -n "$pid" ] && kill "$pid" 2>/dev/null',
    'exec 9<"$lock" && flock -w 5 9',
    'echo released',
  ].join('\n');
}

/**
 * Takes over from a holder whose run is known to be gone (same machine, its process ended):
 * ends that holder only if its details still carry the dead run's token and it really has this
 * lock file open, then the caller acquires as usual.
 */
export function takeOverScript(lock: string, deadToken: string): string {
  return [
    ...preamble(lock),
    'for f in "$lock".*.json; do',
    '  [ -f "$f" ] || continue',
    `  grep -q ${quote(`"token":"${deadToken}"`)} "$f" || continue`,
    `  pid=$(sed -n 's/^{"hostPid":\\([0-9]*\\),.*/\\1/p' "$f")`,
    '  [ -n "$pid" ] || continue',
    // The shell may have moved descriptor 9 (dash keeps it above 10): look at all of them.
    '  for fd in /proc/"$pid"/fd/*; do',
    '    [ "$(readlink "$fd" 2>/dev/null)" = "$lock" ] || continue',
    '    kill "$pid" 2>/dev/null',
    '    rm -f "$f" "${f%.json}.alive"',
    '    break',
    '  done',
    'done',
    'exec 9<"$lock" && flock -w 5 9 && echo free',
  ].join('\n');
}
