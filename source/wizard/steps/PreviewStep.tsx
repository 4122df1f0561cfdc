import { Box, Text } from 'ink';
import { useState } from 'react';
import { ConfirmBar } from '../../ui/components/ConfirmBar.js';
import { FindingList, findingListHeight } from '../../ui/components/FindingList.js';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { TextField } from '../../ui/components/TextField.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { editText } from '../../ui/text-edit.js';
import { wrappedLines } from '../../ui/wrapped-lines.js';
import {
  changeSummary,
  differenceLines,
  stopQuestion,
  wholeClusterStop,
  type DeployedReading,
} from '../difference-view.js';
import type { PreviewFile } from '../preview-files.js';
import { firstNote, stepNames } from '../preview-files.js';
import type { Finding } from '../wizard-selectors.js';
import { DifferenceSection } from './DifferenceSection.js';
import { PreviewFilePane } from './PreviewFilePane.js';

/** Props of {@link PreviewStep}. */
export type PreviewStepProps = {
  readonly files: readonly PreviewFile[];
  readonly findings: readonly Finding[];
  /** One line on what is shown: the cluster, and whether it is an opened file or the answers. */
  readonly summary: string;
  /** Where Enter saves the topology before deploying. */
  readonly topologyFile: string;
  /** Why deploying is not possible now (errors to fix); undefined when it is. */
  readonly blocker: string | undefined;
  /** What is deployed against this topology, read from the hosts; undefined: not read here. */
  readonly deployed?: DeployedReading;
  readonly isActive: boolean;
  /** Terminal columns: the first finding is shown whole, wrapped. @default 80 */
  readonly width?: number;
  readonly height: number;
  /** Saves the topology file; returns what to tell the user. */
  readonly onSave: (file: string) => string;
  /** Writes the topology and every file under a directory; returns what to tell the user. */
  readonly onExport: (dir: string) => string;
  /**
   * Saves and starts the deployment; returns why it could not start, if it could not.
   * `wholeClusterStop`: the user confirmed that the change stops the whole cluster.
   */
  readonly onDeploy: (file: string, wholeClusterStop: boolean) => string | undefined;
};

/**
 * Every file per host, scrollable and highlighted, with findings under the lines that cause
 * them; saving, exporting and deploying start here.
 */
export function PreviewStep(props: PreviewStepProps) {
  const { files, findings, isActive, height } = props;
  const [index, setIndex] = useState(0);
  const [offset, setOffset] = useState(() => firstNote(files[0]));
  const [prompt, setPrompt] = useState<{ kind: 'save' | 'export'; value: string } | undefined>();
  // 'stop': the second question a whole-cluster stop asks, once the deployment was confirmed.
  const [confirm, setConfirm] = useState<'deploy' | 'stop' | undefined>();
  const [message, setMessage] = useState('');
  const file = files[Math.min(index, files.length - 1)];
  const errors = findings.filter((f) => f.level === 'error').length;
  const maxFindings = errors > 0 ? 3 : 2;
  // Every line but the file's: title, blank, summary, findings (+ "more"), blank, file name,
  // the prompt, question or message, blank, hints, and one spare so the frame never scrolls.
  const listed = findings.map((f) => ({
    level: f.level,
    message: f.message,
    where: `${f.path || f.code}${stepNames[f.step] ? ` (${stepNames[f.step]})` : ''}`,
  }));
  const width = props.width ?? 80;
  const findingLines = findingListHeight(listed, maxFindings, width);
  const difference = props.deployed?.status === 'read' ? props.deployed.difference : undefined;
  const stop = wholeClusterStop(difference);
  const summary = changeSummary(difference);
  // The section on what is deployed takes at most a third of the screen: the files stay readable.
  const section = differenceLines(props.deployed, {
    width,
    maxLines: Math.max(3, Math.floor(height / 3)),
    file: props.topologyFile,
  });
  // A refusal is shown whole: it says what to do.
  const question =
    confirm === 'stop' && stop
      ? stopQuestion(stop)
      : summary
        ? `Save ${props.topologyFile} and apply ${summary}?`
        : `Save ${props.topologyFile} and deploy now?`;
  // A question box: its borders, two details and the keys, around the question as it wraps.
  const extra = confirm
    ? 5 + wrappedLines(question, width - 4)
    : prompt
      ? 1
      : message
        ? wrappedLines(message, width)
        : 0;
  const view = Math.max(3, height - (9 + findingLines + section.length + extra));
  const show = (next: number) => {
    const target = (next + files.length) % Math.max(1, files.length);
    setIndex(target);
    setOffset(firstNote(files[target]));
  };
  /** The first file of the next (or previous) host: with 30 hosts, a file at a time is hundreds of keys. */
  const showHost = (step: 1 | -1) => {
    const host = (at: number) => files[(at + files.length) % files.length]?.host;
    const start = host(index);
    let at = index;
    // Off the current host, then (going back) to the first file of the host reached.
    do at += step;
    while (host(at) === start && Math.abs(at - index) < files.length);
    if (step < 0) while (host(at - 1) === host(at) && Math.abs(at - 1 - index) < files.length) at -= 1;
    show(at);
  };
  useKeys((input, key) => {
    if (confirm) {
      // Only y deploys: an Enter typed once too often must not change servers. A whole-cluster
      // stop takes a second y, after a question that says only that.
      if (input === 'y' && confirm === 'deploy' && stop) setConfirm('stop');
      else if (input === 'y') {
        setConfirm(undefined);
        setMessage(props.onDeploy(props.topologyFile, confirm === 'stop') ?? '');
      } else if (input === 'n' || key.escape || key.return) setConfirm(undefined);
      return true;
    }
    if (prompt) {
      if (key.escape) setPrompt(undefined);
      else if (key.return) {
        setMessage(
          prompt.kind === 'save' ? props.onSave(prompt.value.trim()) : props.onExport(prompt.value.trim()),
        );
        setPrompt(undefined);
      } else {
        const value = editText(prompt.value, input, key, { acceptsQuestionMark: true });
        if (value === undefined) return false;
        setPrompt({ ...prompt, value });
      }
      return true;
    }
    const lines = file?.lines.length ?? 0;
    const scroll = (to: number) => setOffset(Math.max(0, Math.min(Math.max(0, lines - view), to)));
    if (key.tab) showHost(key.shift ? -1 : 1);
    else if (key.rightArrow) show(index + 1);
    else if (key.leftArrow) show(index - 1);
    else if (key.downArrow) scroll(offset + 1);
    else if (key.upArrow) scroll(offset - 1);
    else if (key.pageDown || input === ' ') scroll(offset + view);
    else if (key.pageUp) scroll(offset - view);
    else if (input === 's') setPrompt({ kind: 'save', value: props.topologyFile });
    else if (input === 'x') setPrompt({ kind: 'export', value: './ddb-setup-review' });
    else if (key.return) {
      if (props.blocker) setMessage(`cannot deploy: ${props.blocker}`);
      else {
        setMessage('');
        setConfirm('deploy');
      }
    } else return false;
    return true;
  }, isActive);
  return (
    <StepFrame
      title="Preview"
      position={{ index: 5, total: 5 }}
      hints={[
        { keys: '←→', action: 'file' },
        { keys: 'Tab', action: 'host' },
        { keys: '↑↓ PgUp PgDn', action: 'scroll' },
        { keys: 'Enter', action: 'deploy' },
        { keys: 's', action: 'save' },
        { keys: 'x', action: 'export' },
        { keys: 'Esc', action: 'back' },
        { keys: '?', action: 'help' },
      ]}
    >
      <Text wrap="truncate-end">{props.summary}</Text>
      <FindingList findings={listed} max={maxFindings} />
      <DifferenceSection lines={section} />
      {file ? (
        <PreviewFilePane
          file={file}
          position={`${index + 1}/${files.length}`}
          offset={offset}
          height={view}
        />
      ) : null}
      {prompt ? (
        <Box>
          <Text>
            {prompt.kind === 'save'
              ? 'Save the topology to: '
              : 'Export the topology and every file to directory: '}
          </Text>
          <TextField value={prompt.value} isFocused />
        </Box>
      ) : null}
      {confirm === 'deploy' ? (
        <ConfirmBar
          question={question}
          details={[
            'Servers will be changed; a host key not yet in known_hosts is accepted and added there.',
            'Running it again later resumes: every step checks the real state first.',
          ]}
        />
      ) : null}
      {confirm === 'stop' && stop ? (
        <ConfirmBar
          danger
          question={question}
          details={[
            'Every process stops, then starts again: clients cannot reach the cluster meanwhile.',
            'n keeps it running as it is; nothing has been changed yet.',
          ]}
        />
      ) : null}
      {message ? <Text>{message}</Text> : null}
    </StepFrame>
  );
}
