import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme.js';
import { KeyHints, type KeyHint } from './KeyHints.js';

/** Props of {@link StepFrame}. */
export type StepFrameProps = {
  readonly title: string;
  /** Position among the question screens, shown as `3/6`. */
  readonly position?: { readonly index: number; readonly total: number };
  /** Keys this screen answers to, shown on the last line. */
  readonly hints: readonly KeyHint[];
  readonly children: ReactNode;
};

/**
 * The lines a StepFrame's body may take in a terminal of `rows`: all but the title, the hints, the
 * blank line after the one and before the other, and the line below the frame where Ink leaves the
 * cursor (a frame that fills the terminal is redrawn whole at every change).
 */
export function bodyLines(rows: number): number {
  return rows - 5;
}

/**
 * Every screen's frame: a title line, the body, and the key hints at the bottom.
 *
 * @example
 * ddb-setup › Hosts                                                        3/6
 * …
 * ↑↓ select · Enter edit · a add · d remove · t test · Esc back · ? help
 */
export function StepFrame({ title, position, hints, children }: StepFrameProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text wrap="truncate">
          <Text dimColor>ddb-setup › </Text>
          <Text bold color={theme.accent}>
            {title}
          </Text>
        </Text>
        {position ? (
          <Text dimColor>
            {position.index}/{position.total}
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <Box marginTop={1}>
        <KeyHints hints={hints} />
      </Box>
    </Box>
  );
}
