/** When a process started and when its config files were last written, in s by its host's clock. */
export type ProcessAge = {
  /** Undefined when no DolphinDB process of this node runs. */
  readonly startedAt: number | undefined;
  /** The newest mtime of the config files; undefined when none exists. */
  readonly newestConfig: number | undefined;
};

/** Reads what remote/process-age-script.ts printed. */
export function parseProcessAge(stdout: string): ProcessAge {
  let startedAt: number | undefined;
  let newestConfig: number | undefined;
  for (const line of stdout.split('\n')) {
    const [word, ...values] = line.trim().split(/\s+/);
    const numbers = values.map(Number);
    if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n))) continue;
    if (word === 'started' && numbers.length === 3 && (numbers[2] ?? 0) > 0)
      startedAt = (numbers[0] ?? 0) + (numbers[1] ?? 0) / (numbers[2] ?? 1);
    else if (word === 'mtime' && numbers.length === 1)
      newestConfig = Math.max(newestConfig ?? -Infinity, numbers[0] ?? 0);
  }
  return { startedAt, newestConfig };
}

/**
 * Whether the running process has read its config files: it started after they were last
 * written. The mtime is whole seconds (a write at 10.7 s reads 10), so the process must have
 * started a full second after it; a start within that second counts as before (one restart too
 * many, never one too few). The boot time is truncated too, which only makes a start look earlier.
 */
export function hasReadConfigs(age: ProcessAge): boolean {
  if (age.startedAt === undefined) return false;
  return age.newestConfig === undefined || age.startedAt >= age.newestConfig + 1;
}
