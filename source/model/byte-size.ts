const units = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A size as `ls -lh` and `df -h` say it (powers of 1024): `36 KB`, `512 MB`, `3.1 GB`, `1 byte`.
 * The unit is the largest that keeps the number at 1 or more, so a small file is never `0 MB`;
 * GB and above keep one decimal, where a whole number would hide a difference that matters.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) {
    const whole = Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0));
    return `${whole} ${whole === 1 ? 'byte' : 'bytes'}`;
  }
  let value = bytes;
  let unit = 0;
  // Round first: 1023.7 KB is shown as 1 MB, not 1024 KB.
  while (unit < units.length - 1 && (unit >= 3 ? value : Math.round(value)) >= 1024) {
    value /= 1024;
    unit++;
  }
  return unit >= 3 ? `${value.toFixed(1)} ${units[unit]}` : `${Math.round(value)} ${units[unit]}`;
}
