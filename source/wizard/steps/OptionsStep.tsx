import { Box } from 'ink';
import { useState } from 'react';
import { FindingList, findingListHeight } from '../../ui/components/FindingList.js';
import { FormFields } from '../../ui/components/FormFields.js';
import { bodyLines, StepFrame } from '../../ui/components/StepFrame.js';
import { formKeys } from '../../ui/form.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { optionsChange, optionsFields } from '../options-fields.js';
import type { DeploymentMode } from '../../model/topology.js';
import type { FindingLine } from '../../ui/components/FindingList.js';
import type { Assessment } from '../wizard-selectors.js';
import type { OptionsDraft } from '../wizard-state.js';

/** Props of {@link OptionsStep}. */
export type OptionsStepProps = {
  readonly options: OptionsDraft;
  readonly mode: DeploymentMode | undefined;
  readonly assessment: Assessment;
  /** Errors of earlier screens that stop Enter here, with where to fix them. @default none */
  readonly elsewhere?: readonly FindingLine[];
  readonly isActive: boolean;
  /** Terminal columns: a focused field's problem and the first finding are wrapped. @default 80 */
  readonly width?: number;
  /** Lines available for the screen; the form scrolls within them. */
  readonly height: number;
  readonly onChange: (changes: Partial<OptionsDraft>) => void;
  readonly onSubmit: () => void;
};

/**
 * Server, package, licence, replication, memory, workers, volumes and public names. Every field
 * shows the value in force while empty, and the validation message that concerns it underneath.
 *
 * @example
 * ddb-setup › Options                                                      4/5
 *
 * › Cluster name          demo█
 *     Lowercase letters, digits and -; names the directories on each host.
 *   Server version        2.00.11.3
 *   Package               official download of the version
 */
export function OptionsStep({
  options,
  mode,
  assessment,
  elsewhere = [],
  isActive,
  width = 80,
  height,
  onChange,
  onSubmit,
}: OptionsStepProps) {
  const [focus, setFocus] = useState(0);
  const fields = optionsFields(options, assessment, mode);
  useKeys((input, key) => {
    const effect = formKeys(fields, focus, input, key);
    if (!effect) return false;
    if (effect.type === 'focus') setFocus(effect.index);
    else if (effect.type === 'submit') {
      // Enter that cannot go on shows why: the first field in error comes into view, focused.
      const blocked = fields.findIndex((field) => field.error !== undefined);
      if (blocked >= 0) setFocus(blocked);
      onSubmit();
    } else onChange(optionsChange(options, effect.key, effect.value));
    return true;
  }, isActive);
  // Enter never does nothing unexplained: what stops it is listed, first what is fixed elsewhere.
  const unplaced = [
    ...elsewhere,
    ...assessment.findings
      .filter((f) => f.step === 'options' && !fields.some((field) => field.key === f.field))
      // A config key no field models is named as DolphinDB names it; other paths are the file's words.
      .map((f) => ({
        level: f.level,
        message: f.message,
        ...(f.path.startsWith('config') ? { where: f.path.replace(/^config\./, '') } : {}),
      })),
  ];
  const focused = Math.min(focus, fields.length - 1);
  // The fields get every line the findings below them leave (messages shown whole count whole).
  const findingLines = unplaced.length > 0 ? 1 + findingListHeight(unplaced, 2, width) : 0;
  return (
    <StepFrame
      title="Options"
      position={{ index: 4, total: 5 }}
      hints={[
        { keys: 'Tab/↑↓', action: 'field' },
        { keys: '←→', action: 'choice' },
        { keys: 'Space', action: 'toggle' },
        { keys: 'Enter', action: 'next' },
        { keys: 'Esc', action: 'back' },
        { keys: '?', action: 'help' },
      ]}
    >
      <FormFields fields={fields} focus={focused} lines={bodyLines(height) - findingLines} columns={width} />
      <Box marginTop={unplaced.length > 0 ? 1 : 0}>
        <FindingList findings={unplaced} max={2} />
      </Box>
    </StepFrame>
  );
}
