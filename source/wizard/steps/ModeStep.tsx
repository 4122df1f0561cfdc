import { Box, Text } from 'ink';
import { useState } from 'react';
import type { DeploymentMode } from '../../model/topology.js';
import { SelectList } from '../../ui/components/SelectList.js';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { useTheme } from '../../ui/theme.js';
import { moveSelection } from '../../ui/text-edit.js';
import { licenceNote, modeChoices } from '../help-texts.js';

/** Props of {@link ModeStep}. */
export type ModeStepProps = {
  /** The mode chosen before, selected again when coming back. */
  readonly value: DeploymentMode | undefined;
  readonly isActive: boolean;
  /**
   * What the licence in force says about a choice, when its smallest layout already exceeds it
   * (HA on the community licence). @default none
   */
  readonly licenceNoteOf?: (mode: DeploymentMode) => string | undefined;
  readonly onSubmit: (mode: DeploymentMode) => void;
};

/**
 * Which deployment: each mode with what it survives and when to choose it.
 *
 * @example
 * ddb-setup › Mode                                                         1/5
 *
 *   Single node
 *   Cluster, one controller
 *   Pseudo-HA (1–2 servers)
 * › Multi-server HA (3+ servers)
 *     A Raft controller on each of three or more servers, replicas on different servers: …
 */
export function ModeStep({ value, isActive, licenceNoteOf = () => undefined, onSubmit }: ModeStepProps) {
  const [selected, setSelected] = useState(() =>
    Math.max(
      0,
      modeChoices.findIndex((choice) => choice.mode === value),
    ),
  );
  const theme = useTheme();
  useKeys((input, key) => {
    const moved = moveSelection(selected, modeChoices.length, key);
    if (moved !== undefined) setSelected(moved);
    else if (key.return) onSubmit(modeChoices[selected]?.mode ?? 'single');
    else return false;
    return true;
  }, isActive);
  const highlighted = modeChoices[selected]?.mode;
  const choiceNote = highlighted ? licenceNoteOf(highlighted) : undefined;
  return (
    <StepFrame
      title="Mode"
      position={{ index: 1, total: 5 }}
      hints={[
        { keys: '↑↓', action: 'choose' },
        { keys: 'Enter', action: 'continue' },
        { keys: 'Esc', action: 'back' },
        { keys: '?', action: 'help' },
      ]}
    >
      <Text>What should the deployment survive?</Text>
      <Box marginTop={1} flexDirection="column">
        <SelectList
          items={modeChoices.map((choice) => ({
            value: choice.mode,
            label: choice.label,
            description: choice.description,
          }))}
          selected={selected}
        />
      </Box>
      <Box marginTop={1}>
        {/* Said for the highlighted choice, before it is made: the licence is not discovered last. */}
        {choiceNote ? (
          <Text color={theme.status.warning} wrap="wrap">
            {theme.symbols.warning} {choiceNote}
          </Text>
        ) : (
          <Text dimColor wrap="wrap">
            {licenceNote}
          </Text>
        )}
      </Box>
    </StepFrame>
  );
}
