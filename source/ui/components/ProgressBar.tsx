import { Text } from 'ink';
import { useTheme } from '../theme.js';

/** Props of {@link ProgressBar}. */
export type ProgressBarProps = {
  readonly done: number;
  readonly total: number;
  /** What is counted: bytes are shown in MiB. */
  readonly unit: string;
  /** Cells of the bar. @default 10 */
  readonly width?: number;
};

/** `██████░░░░ 60% 12.0/20.0 MiB`: a transfer or a count of nodes. */
export function ProgressBar({ done, total, unit, width = 10 }: ProgressBarProps) {
  const theme = useTheme();
  const ratio = total > 0 ? Math.max(0, Math.min(1, done / total)) : 0;
  const full = Math.round(ratio * width);
  const amount =
    unit === 'bytes'
      ? `${(done / 1048576).toFixed(1)}/${(total / 1048576).toFixed(1)} MiB`
      : `${done}/${total} ${unit}`;
  return (
    <Text>
      <Text color={theme.status.running}>{theme.symbols.barFull.repeat(full)}</Text>
      <Text dimColor>{theme.symbols.barEmpty.repeat(width - full)}</Text> {Math.round(ratio * 100)}% {amount}
    </Text>
  );
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
