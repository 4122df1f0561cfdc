import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../source/model/validate-topology.js';
import { optionsFields } from '../../source/wizard/options-fields.js';
import { assessWizard, canContinue } from '../../source/wizard/wizard-selectors.js';
import { type OptionsDraft } from '../../source/wizard/wizard-state.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

/** The Options screen's memory and worker fields, and what `validate` says of the same answers. */
function answer(mode: 'single' | 'ha', changes: Partial<OptionsDraft>) {
  const hosts = mode === 'single' ? threeHosts.slice(0, 1) : threeHosts;
  // The answers on top of the licence stateWith gives Raft modes (HA needs more than the community licence).
  const base = stateWith('options', mode, hosts);
  const state = { ...base, options: { ...base.options, ...changes } };
  const assessment = assessWizard(state);
  const fields = optionsFields(state.options, assessment, state.mode);
  const field = (key: string) => fields.find((f) => f.key === key);
  const validated = assessment.topology ? validateTopology(assessment.topology) : [];
  return { state, assessment, field, validated };
}

describe('Options memory and workers read through the config catalogue', () => {
  it.each([
    ['single', 'maxMemSize', '8GB', 'maxMemSize is in GB: write 8'],
    ['ha', 'maxMemSize', '16 gb', 'maxMemSize is in GB: write 16'],
    ['single', 'workerNum', 'four', 'workerNum is a whole number of worker threads: write e.g. 4'],
    ['ha', 'workerNum', '0', 'workerNum is 0, but it must be at least 1: write e.g. 4'],
    [
      'ha',
      'maxMemSize',
      '1$(touch /tmp/x)',
      'maxMemSize contains "$(": a config value may not hold control characters or $ ` ; | & \\ \' " < > (apart from <ALIAS>), which a shell or the config line would misread; remove it',
    ],
  ] as const)('%s: %s "%s" shows the same fix as validate and blocks Enter', (mode, key, value, message) => {
    const { state, field, validated, assessment } = answer(mode, { [key]: value });
    expect(field(key)?.error).toBe(message);
    expect(validated.filter((issue) => issue.level === 'error').map((issue) => issue.message)).toEqual([
      message,
    ]);
    expect(canContinue(state, assessment)).toBe(false);
  });

  it('accepts a decimal memory size and a worker count', () => {
    const { state, field, assessment } = answer('ha', { maxMemSize: '1.5', workerNum: '8' });
    expect(field('maxMemSize')?.error).toBeUndefined();
    expect(field('workerNum')?.error).toBeUndefined();
    expect(canContinue(state, assessment)).toBe(true);
  });
});
