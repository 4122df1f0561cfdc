import { Box, Text } from 'ink';
import { useState } from 'react';
import type { RecentTopology } from '../../store/settings.js';
import { SelectList, type SelectItem } from '../../ui/components/SelectList.js';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { TextField } from '../../ui/components/TextField.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { editText, moveSelection } from '../../ui/text-edit.js';
import { useTheme } from '../../ui/theme.js';

/** Props of {@link WelcomeStep}. */
export type WelcomeStepProps = {
  /** Recent topology files from the settings store, newest first. */
  readonly recent: readonly RecentTopology[];
  readonly isActive: boolean;
  /** Why the last open failed (missing file, not a topology). */
  readonly openError?: string;
  readonly onNew: () => void;
  /** Opens a topology file (typed, recent, or one to resume). */
  readonly onOpen: (file: string) => void;
};

/** Recent files whose last deployment did not finish well: what "resume" offers. */
export function unfinished(recent: readonly RecentTopology[]): RecentTopology[] {
  return recent.filter((entry) => entry.lastDeploy !== undefined && entry.lastDeploy !== 'ok');
}

/**
 * The first screen: new deployment, open a file, or resume an unfinished one.
 *
 * @example
 * ddb-setup › Welcome
 *
 * › Start a new deployment
 *     Answer a few questions; nothing is touched before the preview.
 *   Open a saved topology file…
 *   Resume demo (ha): last deployment failed  /home/me/demo.yaml
 */
export function WelcomeStep({ recent, isActive, openError, onNew, onOpen }: WelcomeStepProps) {
  const theme = useTheme();
  const [selected, setSelected] = useState(0);
  const [typing, setTyping] = useState(false);
  const [path, setPath] = useState('');
  const resumable = unfinished(recent);
  const items: SelectItem[] = [
    {
      value: 'new',
      label: 'Start a new deployment',
      description: 'Answer a few questions; nothing is touched before the preview.',
    },
    {
      value: 'open',
      label: 'Open a saved topology file…',
      description: 'Review, change or deploy a file made by this wizard or `ddb-setup template`.',
    },
    ...resumable.map((entry) => ({
      value: `file:${entry.file}`,
      label: `Resume ${entry.cluster} (${entry.mode}): last deployment ${entry.lastDeploy === 'running' ? 'did not finish' : entry.lastDeploy}`,
      detail: entry.file,
      description: 'Deploying again continues where it stopped: every step re-checks the servers first.',
    })),
    ...recent
      .filter((entry) => !resumable.includes(entry))
      .slice(0, 5)
      .map((entry) => ({
        value: `file:${entry.file}`,
        label: `Open ${entry.cluster} (${entry.mode})`,
        detail: entry.file,
      })),
  ];

  useKeys((input, key) => {
    if (typing) {
      if (key.escape) setTyping(false);
      else if (key.return) {
        if (path.trim() !== '') onOpen(path.trim());
      } else {
        const next = editText(path, input, key, { acceptsQuestionMark: true });
        if (next === undefined) return false;
        setPath(next);
      }
      return true;
    }
    const moved = moveSelection(selected, items.length, key);
    if (moved !== undefined) setSelected(moved);
    else if (key.return) {
      const value = items[selected]?.value ?? 'new';
      if (value === 'new') onNew();
      else if (value === 'open') setTyping(true);
      else onOpen(value.slice('file:'.length));
    } else return false;
    return true;
  }, isActive);

  return (
    <StepFrame
      title="Welcome"
      hints={
        typing
          ? [
              { keys: 'Enter', action: 'open' },
              { keys: 'Esc', action: 'cancel' },
            ]
          : [
              { keys: '↑↓', action: 'choose' },
              { keys: 'Enter', action: 'select' },
              { keys: '?', action: 'help' },
              { keys: 'Ctrl-C', action: 'quit' },
            ]
      }
    >
      <Text>Deploy DolphinDB: a single node, a cluster, pseudo-HA, multi-server HA or Docker Swarm.</Text>
      <Box marginTop={1} flexDirection="column">
        <SelectList items={items} selected={selected} height={8} />
      </Box>
      {typing ? (
        <Box marginTop={1}>
          <Text>Topology file: </Text>
          <TextField value={path} isFocused placeholder="e.g. ./cluster.yaml" />
        </Box>
      ) : null}
      {openError ? (
        <Text color={theme.status.error} wrap="truncate-end">
          {theme.symbols.error} {openError}
        </Text>
      ) : null}
    </StepFrame>
  );
}
