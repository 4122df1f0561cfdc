import { Box, Text } from 'ink';
import type { FieldSpec } from '../form.js';
import { windowStart } from '../text-edit.js';
import { useTheme } from '../theme.js';
import { wrappedLines } from '../wrapped-lines.js';
import { TextField } from './TextField.js';

/** Props of {@link FormFields}. */
export type FormFieldsProps = {
  readonly fields: readonly FieldSpec[];
  /** Index of the focused field; -1 when the form does not have the focus. */
  readonly focus: number;
  /** Width of the label column. @default 24 */
  readonly labelWidth?: number;
  /** Fields shown at once; the form scrolls to keep the focused one visible. @default all */
  readonly height?: number;
};

/**
 * A column of labelled fields. The focused field shows its hint underneath; every field shows its
 * error (✗) or warning (!) underneath, so a message sits next to the answer that causes it.
 */
export function FormFields({ fields, focus, labelWidth = 24, height }: FormFieldsProps) {
  const theme = useTheme();
  const size = height ?? fields.length;
  const start = windowStart(Math.max(0, focus), fields.length, size);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor> ↑ {start} more</Text> : null}
      {fields.slice(start, start + size).map((field, offset) => {
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
              <Text dimColor wrap="truncate-end">
                {'    '}
                {field.hint}
              </Text>
            ) : null}
          </Box>
        );
      })}
      {start + size < fields.length ? <Text dimColor> ↓ {fields.length - start - size} more</Text> : null}
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

/**
 * Lines the focused field's problem takes beyond its first, at `columns` wide (it is shown whole):
 * screens that budget their height take them off the fields they show.
 */
export function focusedProblemExtraLines(
  fields: readonly FieldSpec[],
  focus: number,
  columns: number,
): number {
  const field = fields[focus];
  const problem = field?.error || field?.warning;
  return problem ? wrappedLines(`x ${problem}`, columns - 4) - 1 : 0;
}
