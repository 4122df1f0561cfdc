import { describe, expect, it } from 'vitest';
import { added, controllers, deployedWith as deployed, moved } from '../helpers/deployed-changes.js';
import {
  changeSummary,
  differenceBlocker,
  differenceLines,
  stopQuestion,
  wholeClusterStop,
} from '../../source/wizard/difference-view.js';
import type { DeployedDifference } from '../../source/wizard/wizard-services.js';

const read = (difference: DeployedDifference) => ({ status: 'read' as const, difference });
const options = { width: 60, maxLines: 30, file: './demo.yaml' };

describe("differenceLines: Preview's section on what is deployed", () => {
  it('each change with how and cost, wrapped under its own line', () => {
    const lines = differenceLines(read(deployed([added])), options);
    expect(lines[0]).toEqual({
      text: 'Changes against what is deployed (read from P1, P2, P3):',
      tone: 'heading',
    });
    expect(lines.map((l) => l.text)).toContain('  ~ datanode4 (datanode) added on P2 (10.0.0.81:8804)');
    expect(lines.every((l) => l.text.length <= 60)).toBe(true);
    expect(lines.find((l) => l.text.includes('how:'))?.text).toMatch(/^ {4}how: {2}online/);
    expect(lines.find((l) => l.text.includes('cost:'))?.text).toBe('    cost: online, no restart');
    // A wrapped how hangs under its own text.
    const howAt = lines.findIndex((l) => l.text.includes('how:'));
    expect(lines[howAt + 1]?.text).toMatch(/^ {6}\S/);
  });

  it('marks what deploy does not apply and the drift in the warning tone', () => {
    const lines = differenceLines(
      read(
        deployed(
          [moved],
          [{ kind: 'added-outside', what: 'datanode9 in cluster.nodes', fix: 'remove it with removeNode' }],
        ),
      ),
      { ...options, width: 100 },
    );
    expect(lines).toContainEqual({
      text: '  ~ datanode3 moved from P3 to P2  [deploy does not apply this]',
      tone: 'warning',
    });
    expect(lines).toContainEqual({ text: '  ! drift: datanode9 in cluster.nodes', tone: 'warning' });
    expect(lines).toContainEqual({ text: '    fix: remove it with removeNode', tone: 'muted' });
  });

  it('says when nothing changed, nothing while nothing is deployed, and when it is reading', () => {
    expect(differenceLines(read(deployed([])), options)[0]?.text).toBe(
      'No changes against what is deployed (read from P1, P2, P3).',
    );
    expect(differenceLines(read({ state: 'not-deployed' }), options)).toEqual([]);
    expect(differenceLines(undefined, options)).toEqual([]);
    expect(differenceLines({ status: 'reading' }, options)).toEqual([
      { text: 'reading what is deployed…', tone: 'muted' },
    ]);
  });

  it('a whole-cluster stop comes first, in the danger tone', () => {
    const lines = differenceLines(read(deployed([added, controllers])), { ...options, width: 140 });
    expect(lines[0]).toEqual({
      text: '⚠ This change stops the whole cluster for about 80 s (all 10 processes stopped and started again); deploying asks you to confirm it.',
      tone: 'danger',
    });
  });

  it('keeps to maxLines, the last line saying what was left out', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...added, what: `datanode${i + 10} added` }));
    const lines = differenceLines(read(deployed(many)), { ...options, maxLines: 8 });
    expect(lines).toHaveLength(8);
    expect(lines[7]?.text).toMatch(/^… \d+ more lines: ddb-setup plan -f \.\/demo\.yaml lists every change$/);
  });
});

describe('what stops deploying, and what asks first', () => {
  it('a change deploy does not apply, or drift, stops it with what to do', () => {
    expect(differenceBlocker(deployed([added]), './demo.yaml')).toBeUndefined();
    expect(differenceBlocker({ state: 'not-deployed' }, './demo.yaml')).toBeUndefined();
    expect(differenceBlocker(deployed([added, moved]), './demo.yaml')).toBe(
      '1 change deploy does not apply (datanode3 moved from P3 to P2): make it by hand or take it out of the topology (Esc, back to Layout); then open Preview again (`ddb-setup plan -f ./demo.yaml` shows the difference)',
    );
    expect(
      differenceBlocker(
        deployed([], [{ kind: 'missing', what: 'datanode2 is gone from cluster.nodes', fix: 'add it back' }]),
        'f',
      ),
    ).toMatch(
      /^the servers were changed outside ddb-setup \(datanode2 is gone from cluster\.nodes\): add it back; then/,
    );
  });

  it('a whole-cluster stop is found and asked about with its duration', () => {
    expect(wholeClusterStop(deployed([added]))).toBeUndefined();
    const cost = wholeClusterStop(deployed([added, controllers]));
    expect(cost).toBe(controllers.cost);
    expect(stopQuestion(cost ?? '')).toBe(
      'This stops the whole cluster for about 80 s: press y to confirm, n to go back',
    );
    expect(changeSummary(deployed([added, controllers]))).toBe(
      '2 changes to the running cluster (stops the whole cluster for about 80 s)',
    );
    expect(changeSummary(deployed([added]))).toBe(
      '1 change to the running cluster (online, nothing running stops)',
    );
    expect(changeSummary(deployed([]))).toBeUndefined();
  });
});
