import { Box, Text } from 'ink';
import type { FieldSpec } from '../form.js';
import { fieldWindow } from '../field-window.js';
import { useTheme } from '../theme.js';
import { TextField } from './TextField.js';

/** Props of {@link FormFields}. */
export type FormFieldsProps = {
  readonly fields: readonly FieldSpec[];
  /** Index of the focused field; -1 when the form does not have the focus. */
  readonly focus: number;
  /** Width of the label column. @default 24 */
  readonly labelWidth?: number;
  /**
   * Lines the form may take; it shows the fields that fit around the focused one and scrolls to
   * keep it visible. @default all fields
   */
  readonly lines?: number;
  /** The width the form is drawn at, for counting the lines of wrapped text. @default 80 */
  readonly columns?: number;
};

/**
 * A column of labelled fields. The focused field shows its hint underneath; every field shows its
 * error (✗) or warning (!) underneath, so a message sits next to the answer that causes it.
 */
export function FormFields({ fields, focus, labelWidth = 24, lines, columns = 80 }: FormFieldsProps) {
  const theme = useTheme();
  const { start, end } =
    lines === undefined
      ? { start: 0, end: fields.length }
      : fieldWindow(fields, focus, lines, { columns, labelWidth });
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor> ↑ {start} more</Text> : null}
      {fields.slice(start, end).map((field, offset) => {
        const focused = start + offset === focus;
        return (
          <Box key={field.key} flexDirection="column">
            <Box>
              <Box width={labelWidth} flexShrink={0}>
                <Text color={focused ? theme.accent : undefined} bold={focused} wrap="truncate">
                  {focused ? `${theme.symbols.pointer} ` : '  '}
                  {field.label}
                </Text>
              </Box>
              <Value field={field} focused={focused} />
            </Box>
            {/* The focused field's problem whole (the fix is often at its end), others cut. The
                key remounts the text when that changes: Ink does not measure a text again when
                only its wrap changes, and the old height would let the next rows overlap it. */}
            {field.error || field.warning ? (
              <Box paddingLeft={4} key={focused ? 'whole' : 'cut'}>
                <Text
                  color={field.error ? theme.status.error : theme.status.warning}
                  wrap={focused ? 'wrap' : 'truncate-end'}
                >
                  {field.error ? theme.symbols.error : theme.symbols.warning} {field.error || field.warning}
                </Text>
              </Box>
            ) : null}
            {focused && field.hint ? (
              <Box paddingLeft={4}>
                <Text dimColor>{field.hint}</Text>
              </Box>
            ) : null}
          </Box>
        );
      })}
      {end < fields.length ? <Text dimColor> ↓ {fields.length - end} more</Text> : null}
    </Box>
  );
}

function Value({ field, focused }: { readonly field: FieldSpec; readonly focused: boolean }) {
  const theme = useTheme();
  if (field.kind === 'choice') {
    const label = field.choices?.find((choice) => choice.value === field.value)?.label ?? field.value;
    return <Text color={focused ? theme.accent : undefined}>{focused ? `‹ ${label} ›` : label}</Text>;
  }
  if (field.kind === 'toggle') return <Text>{field.value === 'yes' ? '[x] yes' : '[ ] no'}</Text>;
  return (
    <TextField
      value={field.value}
      isFocused={focused}
      mask={field.kind === 'secret'}
      {...(field.placeholder !== undefined ? { placeholder: field.placeholder } : {})}
    />
  );
}
