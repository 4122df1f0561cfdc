import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

/** Props of {@link HelpPanel}. */
export type HelpPanelProps = {
  readonly title: string;
  readonly lines: readonly string[];
};

/** The `?` overlay: what the screen is for and every key it takes. Esc or ? closes it. */
export function HelpPanel({ title, lines }: HelpPanelProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={theme.accent}>
        Help: {title}
      </Text>
      {lines.map((line, index) => (
        <Text key={index}>{line}</Text>
      ))}
      <Text dimColor>
        Esc or ? closes this help. Ctrl-C quits (it asks first while deploying, or before unsaved answers are
        lost).
      </Text>
    </Box>
  );
}
