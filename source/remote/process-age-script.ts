import { quote } from './shell.js';

/**
 * Says when a node's process started and when its config files were last written, both by the
 * host's own clock: `started <btime> <ticks> <hz>` (boot time in s, the process's start in clock
 * ticks after boot from /proc/<pid>/stat field 22, ticks per second) when the pid file names a
 * running DolphinDB, then `mtime <s>` for each config file there. The process counts only when its
 * command line is DolphinDB's, as start.sh checks: a pid file can be stale after a reboot.
 * Field 22 is read after the last ')': the command name in field 2 may hold spaces.
 */
export function processAgeScript(pidFile: string, configFiles: readonly string[]): string {
  const lines = [
    `pid=$(cat ${quote(pidFile)} 2>/dev/null) && [ -n "$pid" ] &&` +
      ` case "$(tr '\\000' ' ' 2>/dev/null < "/proc/$pid/cmdline")" in *"dolphindb -console 0 "*) true ;; *) false ;; esac &&` +
      ` echo "started $(awk '/^btime/ {print $2}' /proc/stat) $(awk '{sub(/.*\\) /, ""); print $20}' "/proc/$pid/stat") $(getconf CLK_TCK)"`,
  ];
  if (configFiles.length > 0)
    lines.push(
      `for f in ${configFiles.map(quote).join(' ')}; do [ -e "$f" ] && echo "mtime $(stat -c %Y "$f")"; done`,
    );
  lines.push('true');
  return lines.join('\n');
}
