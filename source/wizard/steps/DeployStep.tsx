import { Box, Text } from 'ink';
import { useState } from 'react';
import { ConfirmBar } from '../../ui/components/ConfirmBar.js';
import { KeyHints, type KeyHint } from '../../ui/components/KeyHints.js';
import type { DeploySnapshot } from '../../ui/deploy/deploy-model.js';
import { DeployScreen } from '../../ui/deploy/DeployScreen.js';
import { failureText } from '../../ui/deploy/failure-text.js';
import { LogView, logViewLines } from '../../ui/deploy/LogView.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { moveSelection } from '../../ui/text-edit.js';
import { useTheme } from '../../ui/theme.js';

/** Props of {@link DeployStep}. */
export type DeployStepProps = {
  /** `demo (ha) → 3 hosts`. */
  readonly title: string;
  readonly snapshot: DeploySnapshot;
  /** A pane's kept output, for the full-log view. */
  readonly paneLog: (pane: string) => readonly string[];
  readonly now: number;
  /** Terminal lines; the panes adapt to them (10 hosts stay readable at 24). */
  readonly rows: number;
  /** Terminal columns: the full log and the full failure wrap at them. @default 80 */
  readonly columns?: number;
  readonly isActive: boolean;
  readonly onRetry: () => void;
  readonly onAbort: () => void;
  /** Back to the preview (only when the run has stopped). */
  readonly onBack: () => void;
  readonly onResults: () => void;
  /** `ddb-setup collect -f FILE`: shown under a failure, for the bundle to send for help. */
  readonly supportCommand?: string;
};

/**
 * The deployment as it happens: panes per host, the full log of one pane, retry and abort.
 *
 * @example
 * ddb-setup › Deploy demo (ha) → 3 hosts
 *   ✓ P1      10.0.0.80       5/5 done 41s
 * › ⠙ P2      10.0.0.81       3/5 · P2: transfer DolphinDB_Linux64_V2.00.11.3.zip 12s ████░░░░ 52% …
 * ⠙ 18/27 steps · 2 running · 0:52
 * ↑↓ pane · Enter log · a abort · ? help
 */
export function DeployStep(props: DeployStepProps) {
  const { snapshot, rows, isActive } = props;
  const theme = useTheme();
  const [selected, setSelected] = useState(0);
  // The full log of a pane (Enter, l), or its failures whole (f): both scroll by terminal line.
  const [log, setLog] = useState<{ pane: string; back: number; failure?: true } | undefined>();
  const [confirmAbort, setConfirmAbort] = useState(false);
  const finished = snapshot.outcome !== undefined && !snapshot.running;
  const failed = finished && !snapshot.outcome?.ok;
  const columns = props.columns ?? 80;
  const current = snapshot.panes[Math.min(selected, snapshot.panes.length - 1)];
  const logPane = log && snapshot.panes.find((pane) => pane.name === log.pane);
  // Unindented, as every line of this view: a copy of the command gets it whole.
  const support = props.supportCommand
    ? [
        'For help, send the bundle this writes (logs, configs, diagnoses; secrets removed):',
        props.supportCommand,
      ]
    : [];
  const logText = !log
    ? []
    : log.failure
      ? logPane
        ? [...failureText(logPane), ...support]
        : []
      : props.paneLog(log.pane);
  const logLines = logViewLines(logText, columns);
  // Lines of text under the view's title line.
  const viewHeight = Math.max(3, rows - 4) - 1;
  const topOf = (lines: readonly string[]) => Math.max(0, lines.length - viewHeight);
  useKeys((input, key) => {
    if (confirmAbort) {
      if (input === 'y') props.onAbort();
      if (input === 'y' || input === 'n' || key.escape || key.return) setConfirmAbort(false);
      return true;
    }
    if (log) {
      const page = viewHeight;
      const clamp = (back: number) => Math.max(0, Math.min(topOf(logLines), back));
      if (key.escape || key.return || input === 'l' || (input === 'f' && log.failure)) setLog(undefined);
      else if (key.upArrow) setLog({ ...log, back: clamp(log.back + 1) });
      else if (key.downArrow) setLog({ ...log, back: clamp(log.back - 1) });
      else if (key.pageUp) setLog({ ...log, back: clamp(log.back + page) });
      else if (key.pageDown) setLog({ ...log, back: clamp(log.back - page) });
      else if (key.end) setLog({ ...log, back: 0 });
      else return false;
      return true;
    }
    const moved = moveSelection(selected, snapshot.panes.length, key);
    const pane = snapshot.panes[selected];
    if (moved !== undefined) setSelected(moved);
    else if ((key.return || input === 'l') && !(key.return && finished && snapshot.outcome?.ok) && pane)
      setLog({ pane: pane.name, back: 0 });
    else if (key.return && finished && snapshot.outcome?.ok) props.onResults();
    else if (input === 'f' && pane && failureText(pane).length > 0)
      // From its first line: the message and the fix come before the log.
      setLog({
        pane: pane.name,
        back: topOf(logViewLines([...failureText(pane), ...support], columns)),
        failure: true,
      });
    else if (input === 'r' && failed) props.onRetry();
    else if (input === 'a' && snapshot.running) setConfirmAbort(true);
    else if (key.escape && finished) props.onBack();
    // While running, Esc does nothing: leaving is abort (a) or Ctrl-C, both of which ask first.
    else if (!key.escape) return false;
    return true;
  }, isActive);
  const hints: KeyHint[] = log
    ? [
        { keys: '↑↓ PgUp PgDn', action: 'scroll' },
        ...(log.failure ? [] : [{ keys: 'End', action: 'follow' }]),
        { keys: 'Esc', action: 'close' },
      ]
    : [
        { keys: '↑↓', action: 'pane' },
        { keys: 'Enter', action: finished && snapshot.outcome?.ok ? 'results' : 'log' },
        ...(current && failureText(current).length > 0 ? [{ keys: 'f', action: 'failure in full' }] : []),
        ...(failed ? [{ keys: 'r', action: 'retry' }] : []),
        ...(snapshot.running ? [{ keys: 'a', action: 'abort' }] : [{ keys: 'Esc', action: 'back' }]),
        { keys: '?', action: 'help' },
      ];
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text dimColor>ddb-setup › </Text>
        <Text bold color={theme.accent}>
          Deploy {props.title}
        </Text>
      </Text>
      {log ? (
        <LogView
          title={log.failure ? `Failure on ${log.pane}` : `Log of ${log.pane}`}
          lines={logText}
          width={columns}
          follows={!log.failure}
          height={viewHeight}
          back={log.back}
        />
      ) : confirmAbort ? (
        <ConfirmBar
          danger
          question="Abort the deployment?"
          details={[
            'Running steps stop and nothing new starts; nothing done is undone.',
            'Deploying again later continues where it stopped.',
          ]}
        />
      ) : (
        <DeployScreen
          snapshot={snapshot}
          selected={Math.min(selected, snapshot.panes.length - 1)}
          height={rows - 4}
          now={props.now}
        />
      )}
      <KeyHints hints={hints} />
    </Box>
  );
}
