import { Box, Text, useStdout } from 'ink';
import { useState } from 'react';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';
import { wrapToLines } from '../../ui/wrapped-lines.js';
import type { ResultsText } from '../results-text.js';
import type { PasswordChange } from '../wizard-services.js';
import { AdminPasswordForm } from './AdminPasswordForm.js';

/** Props of {@link ResultsStep}. */
export type ResultsStepProps = {
  readonly results: ResultsText;
  /** Where the topology file was saved. */
  readonly file: string;
  readonly journal: string | undefined;
  /** Warns while DolphinDB's initial admin password is still in use. */
  readonly defaultPassword: boolean;
  /** Changes the admin password; offered (key p) while the default is in use. */
  readonly onChangePassword?: (newPassword: string) => Promise<PasswordChange>;
  readonly isActive: boolean;
  readonly onQuit: () => void;
};

/** The password change offered on this screen: closed, the form open (maybe running), or done. */
type Change =
  | { readonly state: 'closed' }
  | { readonly state: 'form'; readonly busy: boolean; readonly error?: string }
  | { readonly state: 'done'; readonly result: PasswordChange };

/**
 * After a verified deployment: web consoles (leader first), the client high-availability line,
 * the topology file, the next commands, and a warning while the admin password is the default.
 *
 * @example
 * ✓ Cluster demo is deployed and verified.
 * Web console   http://10.0.0.81:8800  controller2, leader
 * Clients (HA)  s.connect("10.0.0.80", 8802, "admin", "<password>", highAvailability=True, …)
 * ! The admin password is still 123456: change it now (web console › user, or changePwd).
 *   p: change it here
 */
export function ResultsStep({
  results,
  file,
  journal,
  defaultPassword,
  onChangePassword,
  isActive,
  onQuit,
}: ResultsStepProps) {
  const theme = useTheme();
  const columns = useStdout().stdout.columns || 80;
  const [change, setChange] = useState<Change>({ state: 'closed' });
  // The warning stays until a change succeeds, or DolphinDB shows the default is already gone.
  const warn = defaultPassword && (change.state !== 'done' || change.result.outcome === 'failed');
  const offer = warn && onChangePassword !== undefined;
  const formOpen = change.state === 'form';
  useKeys((input, key) => {
    if (offer && input === 'p') {
      setChange({ state: 'form', busy: false });
      return true;
    }
    if (!(key.return || input === 'q')) return false;
    onQuit();
    return true;
  }, isActive && !formOpen);
  const submit = (password: string) => {
    if (!onChangePassword) return;
    setChange({ state: 'form', busy: true });
    void onChangePassword(password).then(
      (result) =>
        setChange(
          result.outcome === 'failed'
            ? { state: 'form', busy: false, error: result.message }
            : { state: 'done', result },
        ),
      (error: unknown) =>
        setChange({
          state: 'form',
          busy: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };
  const commandWidth = Math.max(...results.commands.map((command) => command.command.length));
  return (
    <StepFrame
      title="Results"
      hints={
        formOpen
          ? [
              { keys: 'Tab/Enter', action: 'next field, change' },
              { keys: 'Esc', action: 'cancel' },
            ]
          : [
              { keys: 'Enter/q', action: 'quit' },
              ...(offer ? [{ keys: 'p', action: 'change admin password' }] : []),
              { keys: 'Esc', action: 'back to preview' },
              { keys: '?', action: 'help' },
            ]
      }
    >
      <Text color={theme.status.ok} bold>
        {theme.symbols.ok} Deployed and verified.
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {results.consoles.map((console, index) => (
          <Text key={console.url} wrap="truncate-end">
            <Text bold>{(index === 0 ? 'Web console' : '').padEnd(13)}</Text>
            {console.url} <Text dimColor>{console.note}</Text>
          </Text>
        ))}
        {/* Wrapped under its own column, so that it reads (and copies) as the one statement it is. */}
        {wrapToLines(results.connectLine, columns - 13).map((line, index) => (
          <Text key={`connect${index}`} wrap="truncate-end">
            <Text bold>
              {(index === 0 ? (results.highAvailability ? 'Clients (HA)' : 'Client') : '').padEnd(13)}
            </Text>
            {line}
          </Text>
        ))}
        <Text wrap="truncate-end">
          <Text bold>{'Topology'.padEnd(13)}</Text>
          {file}
        </Text>
        {journal ? (
          <Text wrap="truncate-end">
            <Text bold>{'Journal'.padEnd(13)}</Text>
            <Text dimColor>{journal}</Text>
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Next</Text>
        {/* The command first: a line too long for the terminal loses the end of what it does. Its
            description is a shell comment in a column of its own, so a line copied whole still runs. */}
        {results.commands.map((command) => (
          <Text key={command.command} wrap="truncate-end">
            {'  '}
            {command.command.padEnd(commandWidth)}
            <Text dimColor>{`  # ${command.what}`}</Text>
          </Text>
        ))}
      </Box>
      {warn ? (
        <Box marginTop={1} flexDirection="column">
          <Text color={theme.status.warning} wrap="wrap">
            {theme.symbols.warning} The admin password is still DolphinDB&apos;s default (123456): change it
            now, in the web console or with changePwd(&quot;123456&quot;, &quot;new password&quot;) logged in
            as admin, then set DDB_ADMIN_PASSWORD for ddb-setup.
          </Text>
          {offer && !formOpen ? <Text dimColor>{'  '}p: change it here</Text> : null}
        </Box>
      ) : null}
      {change.state === 'form' ? (
        <AdminPasswordForm
          busy={change.busy}
          error={change.error}
          isActive={isActive}
          onSubmit={submit}
          onCancel={() => setChange({ state: 'closed' })}
        />
      ) : null}
      {change.state === 'done' ? (
        <Box marginTop={1}>
          <Text
            color={change.result.outcome === 'changed' ? theme.status.ok : theme.status.warning}
            wrap="wrap"
          >
            {change.result.outcome === 'changed' ? theme.symbols.ok : theme.symbols.warning}{' '}
            {change.result.message}
          </Text>
        </Box>
      ) : null}
    </StepFrame>
  );
}
