import { Text, useStdout } from 'ink';
import { useState, type ReactNode } from 'react';
import { bodyLines, StepFrame } from '../../ui/components/StepFrame.js';
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
  /** Terminal lines: what does not fit scrolls (30 hosts' data node sites). @default 24 */
  readonly rows?: number;
  /** Terminal columns. @default the terminal's */
  readonly columns?: number;
  /** The run changed a running cluster (nodes, controllers, keys) rather than deploying one. */
  readonly changed?: boolean;
  readonly onQuit: () => void;
};

/** One terminal line of the screen (each is cut at the edge, never wrapped: the window counts lines). */
type Line = { readonly key: string; readonly node: ReactNode };
const line = (key: string, node: ReactNode): Line => ({ key, node });
const blank = (key: string): Line => ({ key, node: ' ' });

/** Lines the password form takes while open: its margin, title, two fields, an error under one, a message. */
const formLines = 7;

/**
 * The web consoles: one line each, the leader first with its role; more than four (a cluster with
 * many controllers) in columns after the leader's line, which cannot redirect.
 */
function consoleLines(consoles: ResultsText['consoles'], columns: number): Line[] {
  const label = (index: number) => <Text bold>{(index === 0 ? 'Web console' : '').padEnd(13)}</Text>;
  const one = (console: ResultsText['consoles'][number], index: number) =>
    line(
      console.url,
      <>
        {label(index)}
        {console.url} <Text dimColor>{console.note}</Text>
      </>,
    );
  const [leader, ...others] = consoles;
  if (!leader) return [];
  if (consoles.length <= 4) return consoles.map(one);
  const width = Math.max(...others.map((console) => console.url.length)) + 2;
  // The last column needs no gap after it.
  const perLine = Math.max(1, Math.floor((columns - 13 + 2) / width));
  const rowsOf = Array.from({ length: Math.ceil(others.length / perLine) }, (_, row) =>
    others.slice(row * perLine, row * perLine + perLine),
  );
  return [
    one(leader, 0),
    ...rowsOf.map((row, index) =>
      line(
        `consoles${index}`,
        <>
          {''.padEnd(13)}
          {row
            .map((console) => console.url.padEnd(width))
            .join('')
            .trimEnd()}
        </>,
      ),
    ),
    line('consoles-note', <Text dimColor>{''.padEnd(13)}each of these redirects to the leader</Text>),
  ];
}

/** The lines shown of `count` in `room`, from `top`: every line when they fit, else a window with its "more" lines. */
export function scrollWindow(count: number, room: number, top: number) {
  if (count <= room) return { start: 0, end: count, above: 0, below: 0, size: count, last: 0 };
  const size = Math.max(1, room - 2);
  const last = count - size;
  const start = Math.max(0, Math.min(last, top));
  return { start, end: start + size, above: start, below: count - start - size, size, last };
}

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
  rows = 24,
  onQuit,
  ...props
}: ResultsStepProps) {
  const theme = useTheme();
  const stdoutColumns = useStdout().stdout.columns;
  const columns = props.columns ?? (stdoutColumns || 80);
  const [change, setChange] = useState<Change>({ state: 'closed' });
  const [scroll, setScroll] = useState(0);
  // The warning stays until a change succeeds, or DolphinDB shows the default is already gone.
  const warn = defaultPassword && (change.state !== 'done' || change.result.outcome === 'failed');
  const offer = warn && onChangePassword !== undefined;
  const formOpen = change.state === 'form';
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
  const lines: Line[] = [
    line(
      'done',
      <Text color={theme.status.ok} bold>
        {theme.symbols.ok} {props.changed ? 'Changed and verified.' : 'Deployed and verified.'}
      </Text>,
    ),
    blank('b1'),
    ...consoleLines(results.consoles, columns),
    // Wrapped under its own column, so that it reads (and copies) as the one statement it is.
    ...wrapToLines(results.connectLine, columns - 13).map((text, index) =>
      line(
        `connect${index}`,
        <>
          <Text bold>
            {(index === 0 ? (results.highAvailability ? 'Clients (HA)' : 'Client') : '').padEnd(13)}
          </Text>
          {text}
        </>,
      ),
    ),
    line(
      'topology',
      <>
        <Text bold>{'Topology'.padEnd(13)}</Text>
        {file}
      </>,
    ),
    ...(journal
      ? [
          line(
            'journal',
            <>
              <Text bold>{'Journal'.padEnd(13)}</Text>
              <Text dimColor>{journal}</Text>
            </>,
          ),
        ]
      : []),
    blank('b2'),
    line('next', <Text bold>Next</Text>),
    // The command first: a line too long for the terminal loses the end of what it does. Its
    // description is a shell comment in a column of its own, so a line copied whole still runs.
    ...results.commands.map((command) =>
      line(
        command.command,
        <>
          {'  '}
          {command.command.padEnd(commandWidth)}
          <Text dimColor>{`  # ${command.what}`}</Text>
        </>,
      ),
    ),
    ...(warn
      ? [
          blank('b3'),
          ...wrapToLines(
            `${theme.symbols.warning} The admin password is still DolphinDB's default (123456): change it now, in the web console or with changePwd("123456", "new password") logged in as admin, then set DDB_ADMIN_PASSWORD for ddb-setup.`,
            columns,
          ).map((text, index) => line(`warn${index}`, <Text color={theme.status.warning}>{text}</Text>)),
          ...(offer && !formOpen ? [line('offer', <Text dimColor>{'  '}p: change it here</Text>)] : []),
        ]
      : []),
    ...(change.state === 'done'
      ? [
          blank('b4'),
          ...wrapToLines(
            `${change.result.outcome === 'changed' ? theme.symbols.ok : theme.symbols.warning} ${change.result.message}`,
            columns,
          ).map((text, index) =>
            line(
              `change${index}`,
              <Text color={change.result.outcome === 'changed' ? theme.status.ok : theme.status.warning}>
                {text}
              </Text>,
            ),
          ),
        ]
      : []),
  ];
  // The lines the frame leaves (less the password form's while it is open), scrolled with ↑↓.
  const room = Math.max(3, bodyLines(rows) - (formOpen ? formLines : 0));
  const shown = scrollWindow(lines.length, room, formOpen ? Number.MAX_SAFE_INTEGER : scroll);
  useKeys((input, key) => {
    if (offer && input === 'p') {
      setChange({ state: 'form', busy: false });
      return true;
    }
    const to = (top: number) => setScroll(Math.max(0, Math.min(shown.last, top)));
    if (key.upArrow) to(shown.start - 1);
    else if (key.downArrow) to(shown.start + 1);
    else if (key.pageUp) to(shown.start - shown.size);
    else if (key.pageDown) to(shown.start + shown.size);
    else if (key.return || input === 'q') onQuit();
    else return false;
    return true;
  }, isActive && !formOpen);
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
              ...(shown.last > 0 ? [{ keys: '↑↓ PgUp PgDn', action: 'scroll' }] : []),
              ...(offer ? [{ keys: 'p', action: 'change admin password' }] : []),
              { keys: 'Esc', action: 'back to preview' },
              { keys: '?', action: 'help' },
            ]
      }
    >
      {shown.above > 0 ? <Text dimColor> ↑ {shown.above} more lines</Text> : null}
      {lines.slice(shown.start, shown.end).map((each) => (
        <Text key={each.key} wrap="truncate-end">
          {each.node}
        </Text>
      ))}
      {shown.below > 0 ? <Text dimColor> ↓ {shown.below} more lines</Text> : null}
      {change.state === 'form' ? (
        <AdminPasswordForm
          busy={change.busy}
          error={change.error}
          isActive={isActive}
          onSubmit={submit}
          onCancel={() => setChange({ state: 'closed' })}
        />
      ) : null}
    </StepFrame>
  );
}
