import { Box, Text } from 'ink';
import { useState } from 'react';
import type { DeploymentMode } from '../../model/topology.js';
import { FindingList, findingListHeight, type FindingLine } from '../../ui/components/FindingList.js';
import { FormFields } from '../../ui/components/FormFields.js';
import { HostDiagram } from '../../ui/components/HostDiagram.js';
import { bodyLines, StepFrame } from '../../ui/components/StepFrame.js';
import { fieldWindow } from '../../ui/field-window.js';
import { formKeys } from '../../ui/form.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { layoutFields, nodeFields } from '../layout-fields.js';
import type { Assessment, Finding } from '../wizard-selectors.js';
import type { LayoutDraft } from '../wizard-state.js';

/** Props of {@link LayoutStep}. */
export type LayoutStepProps = {
  readonly mode: DeploymentMode | undefined;
  readonly layout: LayoutDraft;
  readonly assessment: Assessment;
  /** Errors of earlier screens that stop Enter here, and a licence the counts exceed. @default none */
  readonly elsewhere?: readonly FindingLine[];
  /** Where a finding of this screen is fixed, in the screen's words (`aliases and ports (e) › …`). */
  readonly placeOf?: (finding: Finding) => string | undefined;
  readonly isActive: boolean;
  readonly width: number;
  readonly height: number;
  readonly onChange: (changes: Partial<LayoutDraft>) => void;
  readonly onSubmit: () => void;
};

/**
 * Processes per host, controllers placed by the mode, ports from the base port: a form, the
 * diagram of hosts and processes, and every clash next to the process that causes it.
 */
export function LayoutStep({
  mode,
  layout,
  assessment,
  elsewhere = [],
  placeOf = () => undefined,
  isActive,
  width,
  height,
  onChange,
  onSubmit,
}: LayoutStepProps) {
  const [focus, setFocus] = useState(0);
  const [editingNodes, setEditingNodes] = useState(false);
  const fields = editingNodes ? nodeFields(layout, assessment) : layoutFields(mode, layout, assessment);
  const findings = assessment.findings.filter((f) => f.step === 'layout');
  useKeys((input, key) => {
    if (editingNodes && key.escape) {
      setEditingNodes(false);
      setFocus(0);
      return true;
    }
    if (!editingNodes && input === 'e' && assessment.shape) {
      setEditingNodes(true);
      setFocus(0);
      return true;
    }
    const effect = formKeys(fields, focus, input, key);
    if (!effect) return false;
    if (effect.type === 'focus') setFocus(effect.index);
    else if (effect.type === 'submit') {
      // Enter that cannot go on shows why: the first field in error comes into view, focused.
      const blocked = fields.findIndex((field) => field.error !== undefined);
      if (blocked >= 0) setFocus(blocked);
      else if (editingNodes) setEditingNodes(false);
      else onSubmit();
    } else if (effect.key.startsWith('alias:'))
      onChange({ aliases: { ...layout.aliases, [effect.key.slice(6)]: effect.value } });
    else if (effect.key.startsWith('port:'))
      onChange({ ports: { ...layout.ports, [effect.key.slice(5)]: effect.value } });
    else onChange({ [effect.key]: effect.value });
    return true;
  }, isActive);
  const marks = new Map(
    findings.flatMap((f) =>
      f.field?.startsWith('node:') ? [[Number(f.field.slice(5)), f.level] as const] : [],
    ),
  );
  const listed: FindingLine[] = [
    ...elsewhere,
    ...findings
      .filter((f) => !fields.some((field) => field.key === f.field))
      .map((f) => {
        const where = placeOf(f);
        return { level: f.level, message: f.message, ...(where ? { where } : {}) };
      }),
  ];
  const geometry = { columns: width, labelWidth: 26 };
  // The diagram gets every line the fields (messages shown whole count whole) and findings leave.
  const body = bodyLines(height);
  const formLines = fieldWindow(fields, focus, Infinity, geometry).lines;
  const diagramLines = Math.max(3, body - formLines - 1 - findingListHeight(listed, 3, width));
  return (
    <StepFrame
      title={editingNodes ? 'Layout › aliases and ports' : 'Layout'}
      position={{ index: 3, total: 5 }}
      hints={
        editingNodes
          ? [
              { keys: 'Tab/↑↓', action: 'field' },
              { keys: 'Enter', action: 'next' },
              { keys: 'Esc', action: 'done' },
            ]
          : [
              { keys: 'Tab/↑↓', action: 'field' },
              { keys: 'Enter', action: 'next' },
              { keys: 'e', action: 'aliases and ports' },
              { keys: 'Esc', action: 'back' },
              { keys: '?', action: 'help' },
            ]
      }
    >
      <FormFields
        fields={fields}
        focus={focus}
        labelWidth={geometry.labelWidth}
        columns={width}
        {...(editingNodes ? { lines: body - 1 } : {})}
      />
      {!editingNodes && assessment.shape ? (
        <Box marginTop={1} flexDirection="column">
          <HostDiagram topology={assessment.shape} width={width} height={diagramLines} marks={marks} />
        </Box>
      ) : null}
      {!editingNodes ? (
        <FindingList findings={listed} max={3} />
      ) : (
        <Text dimColor>Empty fields keep the generated alias and port.</Text>
      )}
    </StepFrame>
  );
}
