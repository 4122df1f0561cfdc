import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

/** Props of {@link ConfirmBar}. */
export type ConfirmBarProps = {
  readonly question: string;
  /** Lines under the question: what will happen either way. */
  readonly details?: readonly string[];
  /** Colours it as a warning (abandoning a deployment) rather than a plain question. @default false */
  readonly danger?: boolean;
};

/** A yes/no question in a box: y is yes; n, Esc or Enter is no (an extra Enter never confirms). */
export function ConfirmBar({ question, details = [], danger = false }: ConfirmBarProps) {
  const theme = useTheme();
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={danger ? theme.status.warning : theme.accent}
      paddingX={1}
    >
      <Text bold>{question}</Text>
      {details.map((line, index) => (
        <Text key={index} dimColor wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text>
        <Text bold>y</Text>
        <Text dimColor> yes · </Text>
        <Text bold>n</Text>
        <Text dimColor> / Esc / Enter no</Text>
      </Text>
    </Box>
  );
}
