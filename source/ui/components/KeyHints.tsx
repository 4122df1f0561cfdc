import { Text } from 'ink';

/** One key and what it does, as the hint line shows it: `Enter continue`. */
export type KeyHint = { readonly keys: string; readonly action: string };

/** The hint line: `Enter continue · Esc back · ? help`, cut at the terminal's edge. */
export function KeyHints({ hints }: { readonly hints: readonly KeyHint[] }) {
  return (
    <Text wrap="truncate-end">
      {hints.map((hint, index) => (
        <Text key={hint.keys}>
          {index > 0 ? <Text dimColor> · </Text> : null}
          <Text bold>{hint.keys}</Text>
          <Text dimColor> {hint.action}</Text>
        </Text>
      ))}
    </Text>
  );
}
