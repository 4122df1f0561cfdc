import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme.js';

/** A line's highlighted parts (see `highlightLine`). */
export type HighlightedLine = { readonly comment?: string; readonly key?: string; readonly rest: string };

/** A note shown under a line: a validation finding about the field on it. */
export type LineNote = { readonly level: 'error' | 'warning'; readonly text: string };

/** Props of {@link FileView}. */
export type FileViewProps = {
  readonly lines: readonly HighlightedLine[];
  readonly notes: ReadonlyMap<number, readonly LineNote[]>;
  /** First line shown (scroll position). */
  readonly offset: number;
  /** Lines of the terminal the view may use, notes included. */
  readonly height: number;
};

/**
 * A scrolled window of a file with line numbers, keys highlighted, comments dimmed, and each
 * note (✗ error, ! warning) right under the line it concerns.
 */
export function FileView({ lines, notes, offset, height }: FileViewProps) {
  const theme = useTheme();
  const width = String(lines.length).length;
  const out: ReactNode[] = [];
  for (let index = offset; index < lines.length && out.length < height; index++) {
    const line = lines[index];
    if (!line) continue;
    out.push(
      <Text key={`l${index}`} wrap="truncate-end">
        <Text dimColor>{String(index + 1).padStart(width)} </Text>
        {line.comment !== undefined ? <Text dimColor>{line.comment}</Text> : null}
        {line.key !== undefined ? <Text color={theme.accent}>{line.key}</Text> : null}
        {line.rest}
      </Text>,
    );
    for (const note of notes.get(index) ?? []) {
      if (out.length >= height) break;
      out.push(
        <Text
          key={`n${index}-${out.length}`}
          wrap="truncate-end"
          color={note.level === 'error' ? theme.status.error : theme.status.warning}
        >
          {' '.repeat(width + 1)}
          {note.level === 'error' ? theme.symbols.error : theme.symbols.warning} {note.text}
        </Text>,
      );
    }
  }
  return <Box flexDirection="column">{out}</Box>;
}
