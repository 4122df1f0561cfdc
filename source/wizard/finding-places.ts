import type { FieldSpec } from '../ui/form.js';
import { layoutFields, nodeFields } from './layout-fields.js';
import { optionsFields } from './options-fields.js';
import { hostFields } from './steps/HostEditor.js';
import { earlierBlockers, type Assessment, type Finding } from './wizard-selectors.js';
import type { WizardState, WizardStep } from './wizard-state.js';

/** A finding's place in the wizard's words: the screen, and the field's label there when it has one. */
export type Place = {
  readonly screen: string;
  /** `Compute nodes per host`, `host P2 › SSH port`, `aliases and ports (e) › datanode on P1`. */
  readonly field: string | undefined;
};

const screens: Record<WizardStep, string> = {
  welcome: 'Welcome',
  mode: 'Mode',
  hosts: 'Hosts',
  layout: 'Layout',
  options: 'Options',
  preview: 'Preview',
  check: 'Check',
  deploy: 'Deploy',
  results: 'Results',
};

/** The screen's name as its title shows it. */
export function screenName(step: WizardStep): string {
  return screens[step];
}

/**
 * Where a finding is fixed, found among the fields the screen really shows for these answers, so
 * a place is only ever named when the user can get to it; undefined `field` when the finding
 * names no field, or its field is not on the screen (the screen then lists the finding).
 */
export function placeOf(finding: Finding, state: WizardState, assessment: Assessment): Place {
  const screen = screens[finding.step];
  const field = finding.field;
  if (field === undefined) return { screen, field: undefined };
  switch (finding.step) {
    case 'hosts': {
      const [key, id] = field.split(':');
      const index = state.hosts.findIndex((host) => String(host.id) === id);
      const host = state.hosts[index];
      const label = host ? hostFields(host, []).find((spec) => spec.key === key)?.label : undefined;
      return { screen, field: host && label ? `host P${index + 1} › ${label}` : undefined };
    }
    case 'layout': {
      const node = /^node:(\d+)$/.exec(field);
      if (node) {
        const spec = nodeFields(state.layout, assessment)[Number(node[1]) * 2];
        return { screen, field: spec ? `aliases and ports (e) › ${spec.label}` : undefined };
      }
      const specs = [
        ...layoutFields(state.mode, state.layout, assessment),
        ...nodeFields(state.layout, assessment),
      ];
      return { screen, field: fieldShowing(specs, field, finding)?.label.trim() };
    }
    case 'options':
      return {
        screen,
        field: fieldShowing(optionsFields(state.options, assessment, state.mode), field, finding)?.label,
      };
    default:
      return { screen, field: undefined };
  }
}

/**
 * The field named `key`, else the one that shows the finding's message (a volume's problem is
 * shown under that node's Volumes field, keyed `volumes:<alias>`).
 */
function fieldShowing(specs: readonly FieldSpec[], key: string, finding: Finding): FieldSpec | undefined {
  return (
    specs.find((spec) => spec.key === key) ??
    specs.find((spec) => spec.error === finding.message || spec.warning === finding.message)
  );
}

/** `Layout › Compute nodes per host` */
export function formatPlace(place: Place): string {
  return place.field ? `${place.screen} › ${place.field}` : place.screen;
}

/**
 * What a form screen lists besides its own fields' messages: the errors of earlier screens that
 * stop Enter here, each with the screen and field to go back to (Esc), and on Layout a licence
 * the counts exceed, said where the counts are typed although its field is on Options.
 */
export function elsewhereLines(
  step: WizardStep,
  state: WizardState,
  assessment: Assessment,
): { level: 'error' | 'warning'; where: string; message: string }[] {
  const earlier = earlierBlockers(step, assessment).map((finding) => ({
    level: finding.level,
    where: `${formatPlace(placeOf(finding, state, assessment))} (Esc back)`,
    message: finding.message,
  }));
  const licence =
    step === 'layout'
      ? assessment.findings
          .filter((finding) => finding.code === 'licence-node-limit')
          .map((finding) => ({
            level: finding.level,
            where: 'Licence',
            message: finding.short ?? finding.message,
          }))
      : [];
  return [...earlier, ...licence];
}
