import type { Key } from 'ink';
import { useReducer } from 'react';
import { describe, expect, it } from 'vitest';
import { noKey, splitKeyPresses } from '../../source/ui/key-presses.js';
import { OptionsStep } from '../../source/wizard/steps/OptionsStep.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';
import { wizardReducer, type WizardState } from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

const none: Key = noKey;
const key = (changes: Partial<Key>): Key => ({ ...none, ...changes });

describe('splitKeyPresses', () => {
  it('names each control character in a read as Ink names it alone, text runs stay whole', () => {
    expect(splitKeyPresses('\u007f\u007f', none)).toEqual([
      { input: '', key: key({ delete: true }) },
      { input: '', key: key({ delete: true }) },
    ]);
    expect(splitKeyPresses('\u0015abc', none)).toEqual([
      { input: 'u', key: key({ ctrl: true }) },
      { input: 'abc', key: none },
    ]);
    expect(splitKeyPresses('10.0.0.8\r\t\bX\u0017', none)).toEqual([
      { input: '10.0.0.8', key: none },
      { input: '\r', key: key({ return: true }) },
      { input: '', key: key({ tab: true }) },
      { input: '', key: key({ backspace: true }) },
      { input: 'X', key: key({ shift: true }) },
      { input: 'w', key: key({ ctrl: true }) },
    ]);
    expect(splitKeyPresses('a\nb\u001c', none)).toEqual([
      { input: 'a', key: none },
      { input: '\n', key: none },
      { input: 'b', key: none },
      { input: '\u001c', key: none },
    ]);
  });

  it('leaves a single key and pasted text without controls as they came', () => {
    const down = key({ downArrow: true });
    expect(splitKeyPresses('', down)).toEqual([{ input: '', key: down }]);
    expect(splitKeyPresses('u', key({ ctrl: true }))).toEqual([{ input: 'u', key: key({ ctrl: true }) }]);
    expect(splitKeyPresses('https://mirror.example/p.zip?v=1', none)).toEqual([
      { input: 'https://mirror.example/p.zip?v=1', key: none },
    ]);
  });
});

function Harness({ start, seen }: { start: WizardState; seen: (state: WizardState) => void }) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  seen(state);
  return (
    <OptionsStep
      options={state.options}
      mode={state.mode}
      assessment={assessWizard(state)}
      isActive
      height={40}
      onChange={(changes) => dispatch({ type: 'updateOptions', changes })}
      onSubmit={() => undefined}
    />
  );
}

describe('keys that arrive in one read (a slow SSH session, a paste)', () => {
  function setup() {
    let state: WizardState | undefined;
    const screen = render(
      <Harness start={stateWith('options', 'ha', threeHosts)} seen={(s) => (state = s)} />,
    );
    return { screen, name: () => state?.options.name };
  }

  it('applies every Backspace of a burst, and a pasted run of DEL', async () => {
    const { screen, name } = setup();
    await screen.waitFor('Cluster name');
    await screen.press('xyz');
    await screen.waitFor('xyz');
    await screen.press(keys.backspace + keys.backspace);
    await screen.waitFor(() => name() === 'x');
    await screen.press('abcdef', keys.backspace.repeat(4));
    await screen.waitFor(() => name() === 'xab');
    expect(screen.frame()).toMatch(/Cluster name +xab/);
  });

  it('Ctrl-U then text in one read clears the field, then types the text', async () => {
    const { screen, name } = setup();
    await screen.waitFor('Cluster name');
    await screen.press('2,1');
    await screen.waitFor(() => name() === '2,1');
    await screen.press(`${keys.ctrlU}abc`);
    await screen.waitFor(() => name() === 'abc');
  });

  it('text, Backspace and an arrow in one read are handled in order', async () => {
    const { screen, name } = setup();
    await screen.waitFor('Cluster name');
    await screen.press(`prodd${keys.backspace}${keys.down}`);
    await screen.waitFor(() => name() === 'prod');
    // The Down moved the focus on: what follows no longer edits the name.
    await screen.press('z');
    await screen.waitFor((frame) => !frame.includes('Lowercase letters, digits and -'));
    expect(name()).toBe('prod');
  });
});
