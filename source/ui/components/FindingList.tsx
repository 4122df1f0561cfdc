import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { wrappedLines } from '../wrapped-lines.js';

/** A problem to show: its level, where it is (a path or field), and what to change. */
export type FindingLine = {
  readonly level: 'error' | 'warning';
  readonly where?: string;
  readonly message: string;
};

/** Props of {@link FindingList}. */
export type FindingListProps = {
  readonly findings: readonly FindingLine[];
  /** Lines at most; the rest is counted. @default 5 */
  readonly max?: number;
};

/**
 * Errors (✗) before warnings (!), with "and N more". The first is shown whole, wrapped (it is the
 * one to fix now, and its fix is often at the end); the others one line each, cut to the width.
 */
export function FindingList({ findings, max = 5 }: FindingListProps) {
  const theme = useTheme();
  const sorted = [...findings].sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  const shown = sorted.slice(0, max);
  return (
    <Box flexDirection="column">
      {shown.map((finding, index) => (
        <Text
          key={index}
          wrap={index === 0 ? 'wrap' : 'truncate-end'}
          color={finding.level === 'error' ? theme.status.error : theme.status.warning}
        >
          {finding.level === 'error' ? theme.symbols.error : theme.symbols.warning}{' '}
          {finding.where ? <Text bold>{finding.where}: </Text> : null}
          {finding.message}
        </Text>
      ))}
      {sorted.length > shown.length ? <Text dimColor> … and {sorted.length - shown.length} more</Text> : null}
    </Box>
  );
}

/** The lines {@link FindingList} takes at `columns` wide: the first finding wrapped, one for each other. */
export function findingListHeight(findings: readonly FindingLine[], max: number, columns: number): number {
  if (findings.length === 0) return 0;
  const sorted = [...findings].sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  const first = sorted[0];
  const firstText = first ? `x ${first.where ? `${first.where}: ` : ''}${first.message}` : '';
  const shown = Math.min(findings.length, max);
  return wrappedLines(firstText, columns) + (shown - 1) + (findings.length > max ? 1 : 0);
}
