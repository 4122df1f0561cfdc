import { Box, Text } from 'ink';
import { useState } from 'react';
import { expandHostList, isHostList, type HostListResult } from '../../model/host-list.js';
import { FormFields } from '../../ui/components/FormFields.js';
import { formKeys, type FieldSpec } from '../../ui/form.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';
import { fieldError, type Finding } from '../wizard-selectors.js';
import type { HostDraft } from '../wizard-state.js';

/** Props of {@link HostEditor}. */
export type HostEditorProps = {
  readonly host: HostDraft;
  /** P1, P2, …: the name the topology gives the host. */
  readonly name: string;
  readonly findings: readonly Finding[];
  readonly isActive: boolean;
  /** Every keystroke, so nothing typed is lost when leaving. */
  readonly onChange: (changes: Partial<Omit<HostDraft, 'id'>>) => void;
  /** Enter on the last field (saved) or Esc (left); the host keeps what was typed either way. */
  readonly onDone: (how: 'saved' | 'left') => void;
  /**
   * The address field held several servers (a pasted column, a list, a range) as it was left or
   * pasted into: this host takes the first, and one host with its SSH answers each of the others.
   */
  readonly onExpand: (addresses: readonly string[]) => void;
};

/** The servers an address field lists, or what is wrong with them; undefined for one address. */
export function addressList(address: string): HostListResult | undefined {
  return isHostList(address) ? expandHostList(address) : undefined;
}

const authChoices = [
  { value: 'agent', label: 'ssh-agent or ~/.ssh keys' },
  { value: 'key', label: 'key file' },
  { value: 'password', label: 'password (asked now, kept in memory only)' },
];

/**
 * The fields of one host; the key file or the password only when that method is chosen. The deploy
 * directory comes last: most hosts leave it empty and install where the Options screen says.
 */
export function hostFields(host: HostDraft, findings: readonly Finding[]): FieldSpec[] {
  const list = addressList(host.address);
  // A list is not one address: what it makes, or what is wrong with it, instead of the rules' word.
  const error = (field: string) =>
    field === 'address' && list
      ? list.ok
        ? undefined
        : list.problem
      : fieldError(findings, `${field}:${host.id}`);
  const fields: FieldSpec[] = [
    {
      key: 'address',
      label: 'Intranet address',
      kind: 'text',
      value: host.address,
      // An example, not a value in force: it says so, so that nobody takes it for typed.
      placeholder: 'e.g. 10.0.0.80',
      hint:
        list?.ok === true
          ? `Enter makes ${list.addresses.length} hosts, ${list.addresses[0] ?? ''} to ${list.addresses[list.addresses.length - 1] ?? ''}, each with the SSH answers below.`
          : 'The address DolphinDB nodes use to reach each other (localSite). Several servers: a range (10.0.0.1-30), a list, or a pasted column.',
    },
    {
      key: 'sshAddress',
      label: 'SSH address',
      kind: 'text',
      value: host.sshAddress,
      placeholder: 'same as the intranet address',
      hint: 'Only when SSH reaches the server another way (public IP, NAT).',
    },
    {
      key: 'user',
      label: 'SSH user',
      kind: 'text',
      value: host.user,
      placeholder: 'your user name',
      hint: 'A user that may write the deploy directory (root, or one with sudo rights there).',
    },
    { key: 'port', label: 'SSH port', kind: 'text', value: host.port, placeholder: '22' },
    {
      key: 'auth',
      label: 'Log in with',
      kind: 'choice',
      value: host.auth,
      choices: authChoices,
      hint: '←→ to change. A password is never written to the topology or the settings.',
    },
  ];
  if (host.auth === 'key')
    fields.push({
      key: 'identityFile',
      label: 'Key file',
      kind: 'text',
      value: host.identityFile,
      placeholder: 'e.g. ~/.ssh/id_ed25519',
    });
  if (host.auth === 'password')
    fields.push({
      key: 'password',
      label: 'Password',
      kind: 'secret',
      value: host.password,
      hint: 'Kept in memory for this session only.',
    });
  fields.push({
    key: 'deployDir',
    label: 'Deploy dir',
    kind: 'text',
    value: host.deployDir,
    placeholder: 'the deploy directory of Options',
    hint: 'Only for a host that installs elsewhere: absolute, ASCII, no spaces.',
  });
  return fields.map((field) => {
    const message = error(field.key);
    return message ? { ...field, error: message } : field;
  });
}

/**
 * Editing one host: a small form whose every change is saved at once.
 *
 * @example
 * Host P2
 * › Intranet address      10.0.0.81█
 *     The address DolphinDB nodes use to reach each other (localSite).
 *   SSH address           same as the intranet address
 *   SSH user              root
 */
export function HostEditor({ host, name, findings, isActive, onChange, onDone, onExpand }: HostEditorProps) {
  const theme = useTheme();
  const [focus, setFocus] = useState(0);
  const fields = hostFields(host, findings);
  const onAddress = fields[focus]?.key === 'address';
  const list = addressList(host.address);
  useKeys((input, key) => {
    if (key.escape) {
      if (onAddress && list?.ok) onExpand(list.addresses);
      else onDone('left');
      return true;
    }
    const effect = formKeys(fields, focus, input, key);
    if (!effect) return false;
    // A pasted column becomes its hosts at once; a typed list or range when the field is left.
    if (onAddress && effect.type === 'change' && input.includes('\n')) {
      const pasted = expandHostList(effect.value);
      if (pasted.ok) onExpand(pasted.addresses);
      else onChange({ address: effect.value });
      return true;
    }
    if (onAddress && list && effect.type !== 'change') {
      // A list with a problem keeps the focus: the problem under the field says what to change.
      if (list.ok) onExpand(list.addresses);
      return true;
    }
    if (effect.type === 'focus') setFocus(effect.index);
    else if (effect.type === 'submit') onDone('saved');
    else onChange({ [effect.key]: effect.value });
    return true;
  }, isActive);
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        Host {name}
      </Text>
      <FormFields fields={fields} focus={focus} labelWidth={20} />
    </Box>
  );
}
