import { Box, Text } from 'ink';
import { windowStart } from '../../ui/text-edit.js';
import { useTheme } from '../../ui/theme.js';
import type { Finding } from '../wizard-selectors.js';
import type { HostDraft } from '../wizard-state.js';
import { wrappedLines } from '../../ui/wrapped-lines.js';

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
  /** Terminal columns: a selected host's problem cut by its row is shown whole under it. @default 80 */
  readonly columns?: number;
};

/** What one host's row says, and what is shown whole under it while it is selected. */
export function hostRow(
  host: HostDraft,
  index: number,
  selected: boolean,
  {
    findings,
    tests,
    columns,
  }: { findings: readonly Finding[]; tests: Readonly<Record<number, HostTest>>; columns: number },
) {
  const test = tests[host.id];
  const error = findings.find((f) => f.level === 'error' && f.field?.endsWith(`:${host.id}`));
  const target = `${host.user || '(you)'}@${host.sshAddress || host.address}:${host.port || 22}`;
  // The row shows the name and SSH target already: the message need not repeat them.
  const name = `P${index + 1}`;
  const said = test?.message.replace(new RegExp(`^${name} \\([^)]*\\):\\s*`), '');
  const message = error ? error.message : (said ?? 'not tested (t)');
  const columnsText = `${name.padEnd(4)} ${host.address.padEnd(15)} ${target.padEnd(24)} ${host.auth.padEnd(8)}`;
  const failed = Boolean(error) || test?.status === 'failed';
  // The selected host's problem whole, below its row, when the row has to cut it; and its fix.
  const cut = 2 + columnsText.length + 3 + message.length > columns;
  const whole = selected && failed && cut ? message : undefined;
  const fix = selected && !error && test?.status === 'failed' ? test.fix : undefined;
  const detailLines =
    (whole ? wrappedLines(whole, columns - 6) : 0) + (fix ? wrappedLines(`fix: ${fix}`, columns - 6) : 0);
  return { test, error, target, name, message, whole, fix, detailLines };
}

/** The hosts as a table: name, address, SSH target, login method, and the first problem or test result. */
export function HostList({ hosts, selected, findings, tests, height = 12, columns = 80 }: HostListProps) {
  const theme = useTheme();
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
        const { test, error, target, name, message, whole, fix } = hostRow(host, index, index === selected, {
          findings,
          tests,
          columns,
        });
        const mark = error
          ? theme.symbols.error
          : !test
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
        const result = `${mark} ${message}`;
        return (
          <Box key={host.id} flexDirection="column">
            <Text wrap="truncate-end">
              <Text color={row(index).color} bold={index === selected}>
                {row(index).pointer} {name.padEnd(hosts.length > 9 ? 3 : 2)}
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
            {fix ? (
              <Box paddingLeft={6}>
                <Text dimColor wrap="wrap">
                  fix: {fix}
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
