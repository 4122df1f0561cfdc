/**
 * Layout, Options and Preview with 30 hosts at 80×24 (issue 16 item 4): each within the terminal,
 * every frame, whichever field or file is in view; and the Preview's files per host reached
 * without stepping through the other hosts' files one by one.
 */
import { Box } from 'ink';
import { useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { previewModel } from '../../source/wizard/preview-files.js';
import { LayoutStep } from '../../source/wizard/steps/LayoutStep.js';
import { OptionsStep } from '../../source/wizard/steps/OptionsStep.js';
import { PreviewStep } from '../../source/wizard/steps/PreviewStep.js';
import { assessWizard, deployBlocker } from '../../source/wizard/wizard-selectors.js';
import { wizardReducer, type WizardState } from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render, type Rendered } from '../helpers/render.js';
import { plain } from '../helpers/wait-for-frame.js';
import { stateWith } from '../helpers/wizard-states.js';

const rows = 24;
const columns = 80;
const addresses = Array.from({ length: 30 }, (_, i) => `10.0.4.${i + 1}`);
const templates = loadTemplates();

/** HA on 30 hosts, no compute nodes, on `step`. */
function thirty(step: WizardState['step']): WizardState {
  const start = stateWith(step, 'ha', addresses);
  return { ...start, layout: { ...start.layout, computenodes: '0' } };
}

function Screen({ start }: { start: WizardState }) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  const assessment = assessWizard(state);
  if (state.step === 'layout')
    return (
      <LayoutStep
        mode={state.mode}
        layout={state.layout}
        assessment={assessment}
        isActive
        width={columns}
        height={rows}
        onChange={(changes) => dispatch({ type: 'updateLayout', changes })}
        onSubmit={() => undefined}
      />
    );
  if (state.step === 'options')
    return (
      <OptionsStep
        options={state.options}
        mode={state.mode}
        assessment={assessment}
        isActive
        width={columns}
        height={rows}
        onChange={(changes) => dispatch({ type: 'updateOptions', changes })}
        onSubmit={() => undefined}
      />
    );
  const model = previewModel(
    assessment,
    (t) => renderFiles(t, { templates, toolVersion: 'test' }),
    './big.yaml',
    undefined,
  );
  return (
    <PreviewStep
      {...model}
      topologyFile="./big.yaml"
      blocker={deployBlocker(assessment)}
      isActive
      width={columns}
      height={rows}
      onSave={vi.fn()}
      onExport={vi.fn()}
      onDeploy={vi.fn()}
    />
  );
}

function open(step: WizardState['step']): Rendered {
  return render(
    <Box width={columns}>
      <Screen start={thirty(step)} />
    </Box>,
  );
}

/** Every frame so far within the terminal, a line left free for the cursor. */
function expectEveryFrameFits(screen: Rendered) {
  for (const raw of screen.frames) {
    const frame = plain(raw);
    expect(frame.split('\n').length, frame).toBeLessThanOrEqual(rows - 1);
    for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
  }
}

describe('30 hosts at 80×24', () => {
  it('Layout: the form whole, the hosts that fit, the rest counted', async () => {
    const screen = open('layout');
    const frame = await screen.waitFor('Base port');
    expect(frame).toMatch(/P1 +10\.0\.4\.1 .*controller1/);
    expect(frame).toMatch(/… \d+ more hosts \(e lists every process\)/);
    // e: every process of every host, scrolled a page of fields at a time.
    screen.press('e');
    await screen.waitFor('Layout › aliases and ports');
    screen.press(...Array.from({ length: 13 }, () => keys.pageDown));
    await screen.waitFor('datanode30');
    expectEveryFrameFits(screen);
  });

  it('Options: 30 volumes and 30 public names scroll within the terminal', async () => {
    const screen = open('options');
    await screen.waitFor('Cluster name');
    screen.press(...Array.from({ length: 8 }, () => keys.pageDown));
    await screen.waitFor('Public name P30');
    expectEveryFrameFits(screen);
  });

  it('Preview: Tab jumps a host at a time, ←→ a file, every frame within the terminal', async () => {
    const screen = open('preview');
    const first = await screen.waitFor('topology file ./big.yaml');
    const total = Number(/1\/(\d+) topology file/.exec(first)?.[1]);
    expect(total).toBeGreaterThan(100);
    screen.press(keys.tab);
    await screen.waitFor(' P1 controller.cfg');
    screen.press(keys.tab);
    const p2 = await screen.waitFor((f) => / P2 \S+/.test(f));
    expect(p2).not.toMatch(/ P1 \S+\.(cfg|nodes)/);
    // To the last host in 29 more presses, and back one with Shift-Tab.
    screen.press(...Array.from({ length: 28 }, () => keys.tab));
    await screen.waitFor((f) => / P30 \S+/.test(f));
    screen.press(keys.shiftTab);
    await screen.waitFor((f) => / P29 \S+/.test(f));
    screen.press(keys.right, keys.pageDown, keys.pageDown);
    await screen.waitFor((f) => / P29 \S+/.test(f));
    expectEveryFrameFits(screen);
  });
});
