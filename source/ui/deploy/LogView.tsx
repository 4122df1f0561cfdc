import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

/** Props of {@link LogView}. */
export type LogViewProps = {
  readonly title: string;
  readonly lines: readonly string[];
  /** Lines of log shown at once. */
  readonly height: number;
  /** How many lines from the end the view is scrolled back; 0 follows the end. */
  readonly back: number;
};

/** A pane's full output (the last 1000 lines), scrolled with ↑↓ PgUp PgDn; 0 back follows new lines. */
export function LogView({ title, lines, height, back }: LogViewProps) {
  const theme = useTheme();
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
          {back === 0 ? ' · following' : ''}
        </Text>
      </Text>
      {lines.slice(start, end).map((line, index) => (
        <Text key={start + index} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
