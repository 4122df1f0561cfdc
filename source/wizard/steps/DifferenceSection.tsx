import { Box, Text } from 'ink';
import { useTheme } from '../../ui/theme.js';
import type { DifferenceLine } from '../difference-view.js';

/** Preview's lines on what is deployed (wizard/difference-view.ts made and wrapped them). */
export function DifferenceSection({ lines }: { readonly lines: readonly DifferenceLine[] }) {
  const theme = useTheme();
  if (lines.length === 0) return null;
  const colour = (tone: DifferenceLine['tone']) =>
    tone === 'warning' ? theme.status.warning : tone === 'danger' ? theme.status.error : undefined;
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text
          key={index}
          wrap="truncate-end"
          color={colour(line.tone)}
          bold={line.tone === 'heading' || line.tone === 'danger'}
          dimColor={line.tone === 'muted'}
        >
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
