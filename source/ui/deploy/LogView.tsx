import { Box, Text } from 'ink';
import { copyableLines } from '../copyable-lines.js';
import { useTheme } from '../theme.js';

/** Props of {@link LogView}. */
export type LogViewProps = {
  readonly title: string;
  readonly lines: readonly string[];
  /** Terminal lines shown at once. */
  readonly height: number;
  /** How many terminal lines from the end the view is scrolled back; 0 follows the end. */
  readonly back: number;
  /** The terminal's width: each line is shown whole, wrapped at it. */
  readonly width: number;
  /** Says "following" at the end (a log that grows). @default true */
  readonly follows?: boolean;
};

/**
 * The terminal lines of `lines` at `width`: each wrapped whole, never indented, a command in
 * backticks moved to a line of its own rather than broken, so that a fix can be copied whole.
 */
export function logViewLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => copyableLines(line, width));
}

/**
 * A pane's full output (the last 1000 lines) or a failure in full, every line whole (wrapped),
 * scrolled with ↑↓ PgUp PgDn; 0 back follows new lines.
 */
export function LogView({ title, lines: text, height, back, width, follows = true }: LogViewProps) {
  const theme = useTheme();
  const lines = logViewLines(text, width);
  const size = Math.max(1, height);
  const end = Math.max(0, lines.length - back);
  const start = Math.max(0, end - size);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          {title}
        </Text>
        <Text dimColor>
          {' '}
          lines {lines.length === 0 ? 0 : start + 1}–{end} of {lines.length}
          {back === 0 && follows ? ' · following' : ''}
        </Text>
      </Text>
      {lines.slice(start, end).map((line, index) => (
        <Text key={start + index}>{line}</Text>
      ))}
    </Box>
  );
}
