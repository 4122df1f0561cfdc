import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { CheckFinding } from '../../checks/finding.js';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';
import { wrapToLines } from '../../ui/wrapped-lines.js';

/** Props of {@link CheckStep}. */
export type CheckStepProps = {
  /** Hosts being checked, for the waiting line. */
  readonly hosts: readonly string[];
  /** Runs the pre-flight check (read-only on every host). */
  readonly run: (signal: AbortSignal) => Promise<readonly CheckFinding[]>;
  /** Starts the deployment (the check passed, or the user accepted its warnings). */
  readonly onDeploy: () => void;
  readonly rows: number;
  /** Terminal columns: messages and fixes are wrapped to them, never cut. @default 80 */
  readonly columns?: number;
  readonly isActive: boolean;
};

type Line = { readonly text: string; readonly kind: 'error' | 'warning' | 'fix'; readonly first: boolean };

/** Every finding and its fix as lines of the screen's width: all of it readable, scrolled by line. */
function findingLines(findings: readonly CheckFinding[], columns: number): Line[] {
  return findings.flatMap((f) => {
    const kind = f.level === 'error' ? 'error' : 'warning';
    const head = wrapToLines(`${f.host ?? 'cluster'} ${f.check}: ${f.message}`, columns - 2, '  ');
    const fix = f.fix ? wrapToLines(`    fix: ${f.fix}`, columns, '         ') : [];
    return [
      ...head.map((text, index) => ({ text, kind, first: index === 0 }) as const),
      ...fix.map((text) => ({ text, kind: 'fix', first: false }) as const),
    ];
  });
}

type Outcome =
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly findings: readonly CheckFinding[] }
  | { readonly state: 'failed'; readonly message: string };

/**
 * The gate before Deploy: runs `ddb-setup check` on every host and shows its errors and warnings
 * with their fixes. A clean check goes straight on to Deploy; warnings need Enter; errors keep the
 * deployment from starting until a re-check (r) passes.
 */
export function CheckStep({ hosts, run, onDeploy, rows, columns = 80, isActive }: CheckStepProps) {
  const theme = useTheme();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'running' });
  const [round, setRound] = useState(0);
  const [offset, setOffset] = useState(0);
  const deploy = useRef(onDeploy);
  deploy.current = onDeploy;
  useEffect(() => {
    const controller = new AbortController();
    setOutcome({ state: 'running' });
    setOffset(0);
    run(controller.signal).then(
      (findings) => {
        if (controller.signal.aborted) return;
        setOutcome({ state: 'done', findings });
        if (findings.every((f) => f.level === 'ok')) deploy.current();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setOutcome({ state: 'failed', message: (error as Error).message });
      },
    );
    return () => controller.abort();
    // `run` is a new function on every render of the parent; a check runs once per round.
  }, [round]);

  const shown = outcome.state === 'done' ? outcome.findings.filter((f) => f.level !== 'ok') : [];
  const errors = shown.filter((f) => f.level === 'error').length;
  const lines = findingLines(shown, columns);
  const visible = Math.max(3, rows - 9);
  useKeys((input, key) => {
    if (outcome.state === 'running') return false;
    if (input === 'r') setRound((n) => n + 1);
    else if (key.return && outcome.state === 'done' && errors === 0) deploy.current();
    else if (key.downArrow) setOffset((o) => Math.min(o + 1, Math.max(0, lines.length - visible)));
    else if (key.upArrow) setOffset((o) => Math.max(0, o - 1));
    else return false;
    return true;
  }, isActive);

  const passed = outcome.state === 'done' ? outcome.findings.length - shown.length : 0;
  return (
    <StepFrame
      title="Pre-flight check"
      hints={[
        ...(outcome.state === 'done' && errors === 0 ? [{ keys: 'Enter', action: 'deploy' }] : []),
        ...(outcome.state === 'running' ? [] : [{ keys: 'r', action: 're-check' }]),
        ...(lines.length > visible ? [{ keys: '↑↓', action: 'scroll' }] : []),
        { keys: 'Esc', action: 'back to preview' },
        { keys: '?', action: 'help' },
      ]}
    >
      {outcome.state === 'running' ? (
        <Text>
          Checking {hosts.join(', ')}: logins, ports, directories, disks, reachability between hosts, clocks,
          licence…
        </Text>
      ) : outcome.state === 'failed' ? (
        <Text color={theme.status.error}>
          {theme.symbols.error} The check could not run: {outcome.message}
        </Text>
      ) : (
        <Box flexDirection="column">
          <Text
            bold
            color={
              errors > 0 ? theme.status.error : shown.length > 0 ? theme.status.warning : theme.status.ok
            }
          >
            {errors > 0
              ? `${theme.symbols.error} ${errors === 1 ? '1 error stops' : `${errors} errors stop`} the deployment; fix ${errors === 1 ? 'it' : 'them'} and press r to check again.`
              : shown.length > 0
                ? `${theme.symbols.warning} ${shown.length} warning${shown.length === 1 ? '' : 's'}: Enter deploys anyway.`
                : `${theme.symbols.ok} Every check passed.`}
            <Text dimColor> ({passed} passed)</Text>
          </Text>
          <Box flexDirection="column" marginTop={1}>
            {lines.slice(offset, offset + visible).map((line, index) => (
              <Text
                key={index}
                wrap="truncate-end"
                dimColor={line.kind === 'fix'}
                color={
                  line.kind === 'error'
                    ? theme.status.error
                    : line.kind === 'warning'
                      ? theme.status.warning
                      : undefined
                }
              >
                {line.kind === 'fix'
                  ? line.text
                  : `${line.first ? (line.kind === 'error' ? theme.symbols.error : theme.symbols.warning) : ' '} ${line.text}`}
              </Text>
            ))}
          </Box>
        </Box>
      )}
    </StepFrame>
  );
}
