import { blankHost, initialWizardState, type WizardState } from '../../source/wizard/wizard-state.js';

/** A wizard state on `step` for `mode` with hosts at the given addresses, every other answer empty. */
export function stateWith(
  step: WizardState['step'],
  mode: NonNullable<WizardState['mode']>,
  addresses: readonly string[],
  changes: Partial<WizardState> = {},
): WizardState {
  return {
    ...initialWizardState(),
    step,
    mode,
    hosts: addresses.map((address, index) => ({ ...blankHost(index + 1, {}), address, user: 'root' })),
    nextHostId: addresses.length + 1,
    ...changes,
  };
}

export const threeHosts = ['10.0.0.80', '10.0.0.81', '10.0.0.82'] as const;
