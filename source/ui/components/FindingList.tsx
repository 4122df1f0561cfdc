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
  /** Findings shown at most; the rest is counted. @default 5 */
  readonly max?: number;
};

/**
 * Errors (✗) before warnings (!), with "and N more". Each is shown whole, wrapped (its fix is often
 * at the end, a port to use or a command): a message cut at the edge could not be read anywhere.
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
          wrap="wrap"
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

/** The lines {@link FindingList} takes at `columns` wide: each finding shown, wrapped, and the count of the rest. */
export function findingListHeight(findings: readonly FindingLine[], max: number, columns: number): number {
  const sorted = [...findings].sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  const shown = sorted.slice(0, max);
  const text = (finding: FindingLine) => `x ${finding.where ? `${finding.where}: ` : ''}${finding.message}`;
  return (
    shown.reduce((sum, finding) => sum + wrappedLines(text(finding), columns), 0) +
    (findings.length > max ? 1 : 0)
  );
}
