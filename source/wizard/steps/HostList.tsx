import { Box, Text, useStdout } from 'ink';
import { windowStart } from '../../ui/text-edit.js';
import { useTheme } from '../../ui/theme.js';
import type { Finding } from '../wizard-selectors.js';
import type { HostDraft } from '../wizard-state.js';

/** A connection test's state for one host. */
export type HostTest = {
  readonly status: 'testing' | 'ok' | 'failed';
  readonly message: string;
  readonly fix?: string;
};

/** Props of {@link HostList}. */
export type HostListProps = {
  readonly hosts: readonly HostDraft[];
  /** Row index: a host, then "add a host" (hosts.length), then "Continue" (hosts.length + 1). */
  readonly selected: number;
  readonly findings: readonly Finding[];
  readonly tests: Readonly<Record<number, HostTest>>;
  /** Host rows shown at once. @default 12 */
  readonly height?: number;
};

/** The hosts as a table: name, address, SSH target, login method, and the first problem or test result. */
export function HostList({ hosts, selected, findings, tests, height = 12 }: HostListProps) {
  const theme = useTheme();
  const columns = useStdout().stdout.columns || 80;
  const start = windowStart(Math.min(selected, hosts.length - 1), hosts.length, height);
  const row = (index: number) => ({
    pointer: index === selected ? theme.symbols.pointer : ' ',
    color: index === selected ? theme.accent : undefined,
  });
  return (
    <Box flexDirection="column" marginTop={1}>
      {start > 0 ? <Text dimColor> ↑ {start} more</Text> : null}
      {hosts.slice(start, start + height).map((host, offset) => {
        const index = start + offset;
        const test = tests[host.id];
        const error = findings.find((f) => f.level === 'error' && f.field?.endsWith(`:${host.id}`));
        const target = `${host.user || '(you)'}@${host.sshAddress || host.address}:${host.port || 22}`;
        const mark = !test
          ? ' '
          : test.status === 'ok'
            ? theme.symbols.ok
            : test.status === 'failed'
              ? theme.symbols.error
              : '…';
        const colour =
          error || test?.status === 'failed'
            ? theme.status.error
            : test?.status === 'ok'
              ? theme.status.ok
              : undefined;
        // The row shows the name and SSH target already: the message need not repeat them.
        const name = `P${index + 1}`;
        const said = test?.message.replace(new RegExp(`^${name} \\([^)]*\\):\\s*`), '');
        const result = error
          ? `${theme.symbols.error} ${error.message}`
          : `${mark} ${said ?? 'not tested (t)'}`;
        const line = `${row(index).pointer} ${name} ${host.address.padEnd(15)} ${target.padEnd(24)} ${host.auth.padEnd(8)} ${result}`;
        // The selected host's problem whole, below its row, when the row had to cut it.
        const whole =
          index === selected && (error || test?.status === 'failed') && line.length > columns
            ? (error?.message ?? said)
            : undefined;
        return (
          <Box key={host.id} flexDirection="column">
            <Text wrap="truncate-end">
              <Text color={row(index).color} bold={index === selected}>
                {row(index).pointer} {name}
              </Text>{' '}
              {host.address.padEnd(15)} {target.padEnd(24)} {host.auth.padEnd(8)}{' '}
              <Text color={colour}>{result}</Text>
            </Text>
            {whole ? (
              <Box paddingLeft={6}>
                <Text color={theme.status.error} wrap="wrap">
                  {whole}
                </Text>
              </Box>
            ) : null}
            {index === selected && !error && test?.status === 'failed' && test.fix ? (
              <Box paddingLeft={6}>
                <Text dimColor wrap="wrap">
                  fix: {test.fix}
                </Text>
              </Box>
            ) : null}
          </Box>
        );
      })}
      {start + height < hosts.length ? <Text dimColor> ↓ {hosts.length - start - height} more</Text> : null}
      <Text color={row(hosts.length).color}>{row(hosts.length).pointer} + add a host</Text>
      <Text color={row(hosts.length + 1).color} bold>
        {row(hosts.length + 1).pointer} Continue →
      </Text>
    </Box>
  );
}
