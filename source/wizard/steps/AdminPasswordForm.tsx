import { Box, Text } from 'ink';
import { useState } from 'react';
import { FormFields } from '../../ui/components/FormFields.js';
import { formKeys, type FieldSpec } from '../../ui/form.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';

/** Props of {@link AdminPasswordForm}. */
export type AdminPasswordFormProps = {
  /** True while the change runs: keys are held, the form says so. */
  readonly busy: boolean;
  /** Why the last attempt failed, from DolphinDB or ddb-setup. */
  readonly error: string | undefined;
  readonly isActive: boolean;
  /** Enter on the second field when both entries agree. */
  readonly onSubmit: (password: string) => void;
  /** Esc. */
  readonly onCancel: () => void;
};

/**
 * The new admin password, typed twice and shown masked. Only the two entries disagreeing is checked
 * here; what DolphinDB accepts is the service's to say.
 *
 * @example
 * Change the admin password (kept in memory only)
 * › New password     ••••••••
 *   Repeat it
 */
export function AdminPasswordForm({ busy, error, isActive, onSubmit, onCancel }: AdminPasswordFormProps) {
  const theme = useTheme();
  const [values, setValues] = useState({ next: '', repeat: '' });
  const [focus, setFocus] = useState(0);
  const [mismatch, setMismatch] = useState<string | undefined>(undefined);
  const fields: FieldSpec[] = [
    { key: 'next', label: 'New password', kind: 'secret', value: values.next },
    {
      key: 'repeat',
      label: 'Repeat it',
      kind: 'secret',
      value: values.repeat,
      ...(mismatch ? { error: mismatch } : {}),
    },
  ];
  useKeys((input, key) => {
    // While the change runs every key is held here, so none leaves the screen half-done.
    if (busy) return true;
    if (key.escape) {
      onCancel();
      return true;
    }
    const effect = formKeys(fields, focus, input, key);
    if (!effect) return true;
    if (effect.type === 'focus') setFocus(effect.index);
    else if (effect.type === 'change') {
      setValues((current) => ({ ...current, [effect.key]: effect.value }));
      setMismatch(undefined);
    } else if (values.next === '') {
      setFocus(0);
      setMismatch('type the new password first');
    } else if (values.next !== values.repeat) setMismatch('the two entries differ');
    else onSubmit(values.next);
    return true;
  }, isActive);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color={theme.accent}>
        Change the admin password <Text dimColor>(on the leader controller; kept in memory only)</Text>
      </Text>
      <FormFields fields={fields} focus={busy ? -1 : focus} labelWidth={16} />
      {busy ? <Text dimColor>changing the password…</Text> : null}
      {!busy && error ? (
        <Text color={theme.status.error} wrap="wrap">
          {theme.symbols.error} {error}
        </Text>
      ) : null}
    </Box>
  );
}
