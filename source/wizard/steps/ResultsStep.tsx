import { Box, Text } from 'ink';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';
import type { ResultsText } from '../results-text.js';

/** Props of {@link ResultsStep}. */
export type ResultsStepProps = {
  readonly results: ResultsText;
  /** Where the topology file was saved. */
  readonly file: string;
  readonly journal: string | undefined;
  /** Warns while DolphinDB's initial admin password is still in use. */
  readonly defaultPassword: boolean;
  readonly isActive: boolean;
  readonly onQuit: () => void;
};

/**
 * After a verified deployment: web consoles (leader first), the client high-availability line,
 * the topology file, the next commands, and a warning while the admin password is the default.
 *
 * @example
 * ✓ Cluster demo is deployed and verified.
 * Web console   http://10.0.0.81:8800  controller2, leader
 * Clients (HA)  s.connect("10.0.0.80", 8802, "admin", "<password>", highAvailability=True, …)
 * ! The admin password is still 123456: change it now (web console › user, or changePwd).
 */
export function ResultsStep({ results, file, journal, defaultPassword, isActive, onQuit }: ResultsStepProps) {
  const theme = useTheme();
  useKeys((input, key) => {
    if (!(key.return || input === 'q')) return false;
    onQuit();
    return true;
  }, isActive);
  return (
    <StepFrame
      title="Results"
      hints={[
        { keys: 'Enter/q', action: 'quit' },
        { keys: 'Esc', action: 'back to preview' },
        { keys: '?', action: 'help' },
      ]}
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
        <Text wrap="wrap">
          <Text bold>{'Clients (HA)'.padEnd(13)}</Text>
          {results.connectLine}
        </Text>
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
        {results.commands.map((command) => (
          <Text key={command.command} wrap="truncate-end">
            {'  '}
            {command.command} <Text dimColor>{command.what}</Text>
          </Text>
        ))}
      </Box>
      {defaultPassword ? (
        <Box marginTop={1}>
          <Text color={theme.status.warning} wrap="wrap">
            {theme.symbols.warning} The admin password is still DolphinDB&apos;s default (123456): change it
            now, in the web console or with changePwd(&quot;123456&quot;, &quot;new password&quot;) logged in
            as admin, then set DDB_ADMIN_PASSWORD for ddb-setup.
          </Text>
        </Box>
      ) : null}
    </StepFrame>
  );
}
