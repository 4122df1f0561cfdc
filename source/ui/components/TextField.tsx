import { Text } from 'ink';
import { useTheme } from '../theme.js';

/** Props of {@link TextField}. */
export type TextFieldProps = {
  readonly value: string;
  readonly isFocused: boolean;
  /** Shown dimmed while the value is empty: usually the default that applies. */
  readonly placeholder?: string;
  /** Shows one • per character instead of the value (passwords). @default false */
  readonly mask?: boolean;
};

/**
 * A one-line text value with a block cursor at its end while focused. Presentational: the screen
 * feeds key presses through `editText` and passes the new value back in.
 */
export function TextField({ value, isFocused, placeholder = '', mask = false }: TextFieldProps) {
  const theme = useTheme();
  const shown = mask ? '•'.repeat(value.length) : value;
  return (
    <Text>
      {shown === '' && placeholder !== '' ? <Text dimColor>{placeholder}</Text> : <Text>{shown}</Text>}
      {isFocused ? (
        <Text inverse color={theme.accent}>
          {' '}
        </Text>
      ) : null}
    </Text>
  );
}
