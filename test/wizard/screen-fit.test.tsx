/**
 * Screens use the rows they have (issue 13 §10) and cut nothing that cannot be read whole (§5):
 * Layout lists every host while rows are free and continues a host's processes on the next line
 * instead of cutting them; Options shows as many fields as the rows hold.
 */
import { Box } from 'ink';
import { useReducer } from 'react';
import { describe, expect, it } from 'vitest';
import { LayoutStep } from '../../source/wizard/steps/LayoutStep.js';
import { OptionsStep } from '../../source/wizard/steps/OptionsStep.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';
import { wizardReducer, type WizardState } from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith } from '../helpers/wizard-states.js';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}`);

function Screen({ start, columns, rows }: { start: WizardState; columns: number; rows: number }) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  const assessment = assessWizard(state);
  return (
    <Box width={columns} flexDirection="column">
      {state.step === 'layout' ? (
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
      ) : (
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
      )}
    </Box>
  );
}

function open(step: 'layout' | 'options', hostCount: number, columns: number, rows: number) {
  return render(<Screen start={stateWith(step, 'ha', hosts(hostCount))} columns={columns} rows={rows} />);
}

const lineCount = (frame: string) => frame.split('\n').length;

describe('Layout uses the rows it has', () => {
  it('10 hosts at 80×24: every host shown, no "more hosts", the frame within the terminal', async () => {
    const screen = open('layout', 10, 80, 24);
    const frame = await screen.waitFor('Base port');
    for (let i = 1; i <= 10; i++) expect(frame).toMatch(new RegExp(`^P${i} 10\\.0\\.0\\.${i} `, 'm'));
    expect(frame).not.toContain('more host');
    // One line stays free below the frame for the cursor.
    expect(lineCount(frame)).toBeLessThanOrEqual(23);
  });

  it('hosts that do not fit are counted only when every row is used, and say how to see them', async () => {
    const screen = open('layout', 16, 80, 24);
    const frame = await screen.waitFor('Base port');
    expect(frame).toMatch(/… \d+ more hosts \(e lists every process\)/);
    expect(lineCount(frame)).toBe(23);
  });

  it('at 60 columns every compute node is on screen: processes continue on the next line', async () => {
    const screen = open('layout', 3, 60, 20);
    const frame = await screen.waitFor('Base port');
    for (let i = 1; i <= 3; i++) {
      expect(frame).toContain(`computenode${i}:8803`);
      expect(frame).toContain(`datanode${i}:8802`);
    }
    for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    // Nothing above the key hints (cut at the edge; ? lists them whole) is cut.
    expect(frame.split('\n').slice(0, -1).join('\n')).not.toContain('…');
  });
});

describe('Layout cuts no message (issue 13 §5)', () => {
  it('at 120 columns every clash is shown whole, down to the port it suggests', async () => {
    const start = stateWith('layout', 'ha', hosts(3));
    const long = 'analytics-datanode-east-1';
    const layout = {
      ...start.layout,
      aliases: { agent1: 'analytics-agent-east-1', datanode1: long },
      ports: { agent1: '8800', datanode1: '8800' },
    };
    const screen = render(<Screen start={{ ...start, layout }} columns={120} rows={40} />);
    const frame = await screen.waitFor('Base port');
    const flat = frame.replace(/\s+/g, ' ');
    // Two clashes, each longer than the terminal: both end in the port to use instead.
    const clashes = flat.match(
      /both use port 8800 on P1 \(10\.0\.0\.1\): give \S+ another port, e\.g\. \d+/g,
    );
    expect(clashes).toHaveLength(2);
    // The diagram's columns are as wide as the longest alias needs.
    expect(frame).toContain(`${long} :8800`);
    expect(frame).toContain('analytics-agent-east-1 :8800');
    for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(120);
    expect(lineCount(frame)).toBeLessThanOrEqual(39);
  });
});

describe('Options uses the rows it has', () => {
  it('scrolling at 80×24 fills every row: no empty rows while fields are cut off', async () => {
    const screen = open('options', 10, 80, 24);
    const first = await screen.waitFor('↓');
    expect(lineCount(first)).toBe(23);
    // Further down, with the focused field's hint and problem shown whole, still every row.
    await screen.press(keys.down, keys.down, keys.down);
    const licence = await screen.waitFor((frame) => /› Licence file/.test(frame));
    // The licence field's hint, whole: what the given licence allows, to its last word.
    expect(licence.replace(/\s+/g, ' ')).toContain(
      'This licence allows 40 nodes, 64 GB per node, until 2042.01.01 (ACME Corp).',
    );
    expect(lineCount(licence)).toBe(23);
    await screen.press(...Array.from({ length: 12 }, () => keys.down));
    const middle = await screen.waitFor((frame) => frame.includes('↑') && frame.includes('↓'));
    expect(lineCount(middle)).toBe(23);
  });

  it('shows every field, without scrolling, when the rows hold them', async () => {
    const screen = open('options', 1, 80, 60);
    const frame = await screen.waitFor('Cluster name');
    expect(frame).not.toMatch(/[↑↓] \d+ more/);
  });
});
