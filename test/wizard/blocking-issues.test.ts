import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import { elsewhereLines, placeOf } from '../../source/wizard/finding-places.js';
import { assessWizard, blockers, canContinue, type Finding } from '../../source/wizard/wizard-selectors.js';
import { initialWizardState, wizardReducer, type WizardState } from '../../source/wizard/wizard-state.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

/*
 * Issue 13 item 3: the wizard never traps the user. For every issue the validator produces on a
 * topology the wizard can hold — every file of the malformed-topology corpus opened, and answers
 * typed wrong on each screen — each error sits on a form screen, at a field that screen really
 * shows (or in its list), and every screen whose Enter it stops says so.
 */

const formSteps = ['mode', 'hosts', 'layout', 'options'] as const;
const corpusDir = join(import.meta.dirname, '..', 'corpus');

/** Each corpus file that parses into a topology, opened in the wizard as a user would. */
function openedCorpus(): [string, WizardState][] {
  return readdirSync(corpusDir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file): [string, WizardState][] => {
      const { topology } = loadTopology(readFileSync(join(corpusDir, file), 'utf8'));
      if (!topology) return [];
      return [[file, wizardReducer(initialWizardState(), { type: 'openTopology', file, topology })]];
    });
}

/** Answers typed wrong, one screen at a time. */
function typedWrong(): [string, WizardState][] {
  const cluster = stateWith('options', 'cluster', threeHosts);
  const options = (changes: Partial<WizardState['options']>) => ({ ...cluster.options, ...changes });
  const layout = (changes: Partial<WizardState['layout']>) => ({ ...cluster.layout, ...changes });
  return [
    [
      'compute nodes on 1.30.10',
      { ...cluster, options: options({ version: '1.30.10' }), layout: layout({ computenodes: '1' }) },
    ],
    ['a version that is not one', { ...cluster, options: options({ version: 'latest' }) }],
    ['two ports the same', { ...cluster, layout: layout({ ports: { datanode1: '8900' } }) }],
    [
      'an even controller count',
      { ...stateWith('options', 'ha', threeHosts), layout: layout({ controllers: '2' }) },
    ],
    ['HA on the community licence', { ...cluster, mode: 'ha' }],
    ['a cluster over the community licence', { ...cluster, layout: layout({ datanodes: '2' }) }],
    ['more memory than the licence', { ...cluster, options: options({ maxMemSize: '16' }) }],
    [
      'replication 3 with 3 data nodes on 2 hosts',
      { ...cluster, options: options({ replicationFactor: '5' }) },
    ],
    ['a relative volume', { ...cluster, options: options({ volumes: { datanode1: 'data' } }) }],
    ['an empty package URL', { ...cluster, options: options({ packageKind: 'url' }) }],
    [
      'an unreadable licence file',
      {
        ...cluster,
        options: options({ license: './none.lic' }),
        licences: { 'file:./none.lic': { kind: 'unreadable', reason: 'no such file' } },
      },
    ],
    [
      'a host without an address',
      {
        ...cluster,
        hosts: [...cluster.hosts, { ...(cluster.hosts[0] as WizardState['hosts'][0]), id: 9, address: '' }],
      },
    ],
  ];
}

const cases = [...openedCorpus(), ...typedWrong()];

describe('every blocking issue can be seen and reached', () => {
  it('covers corpus files and typed answers', () => {
    expect(openedCorpus().length).toBeGreaterThan(40);
  });

  it.each(cases)('%s', (_name, state) => {
    const assessment = assessWizard(state);
    const errors = assessment.findings.filter((finding) => finding.level === 'error');
    for (const finding of errors) {
      // On a screen with fields, never on Preview where nothing can be changed.
      expect(formSteps, label(finding)).toContain(finding.step);
      // A finding naming a field names one its screen shows for these answers.
      if (finding.field !== undefined && finding.field !== 'hosts' && finding.step !== 'mode')
        expect(placeOf(finding, state, assessment).field, label(finding)).toBeDefined();
    }
    for (const step of formSteps) {
      const at = { ...state, step };
      const stopping = blockers(step, assessment);
      expect(canContinue(at, assessment)).toBe(stopping.length === 0);
      // Errors of earlier screens are listed where they stop Enter, with the screen to go back to.
      const listed = elsewhereLines(step, at, assessment);
      for (const finding of stopping.filter((f) => f.step !== step))
        expect(
          listed.map((line) => line.message),
          label(finding),
        ).toContain(finding.message);
    }
  });

  it('keeps compute nodes on an old server from trapping Layout: the version on Options fixes it', () => {
    const [, state] = typedWrong()[0] as [string, WizardState];
    const assessment = assessWizard({ ...state, step: 'layout' });
    const finding = assessment.findings.find((f) => f.code === 'computenode-version');
    expect(finding).toMatchObject({ step: 'options', field: 'version' });
    expect(canContinue({ ...state, step: 'layout' }, assessment)).toBe(true);
    expect(canContinue({ ...state, step: 'options' }, assessment)).toBe(false);
    expect(placeOf(finding as Finding, state, assessment)).toEqual({
      screen: 'Options',
      field: 'Server version',
    });
  });
});

function label(finding: Finding): string {
  return `${finding.code} at ${finding.path} (${finding.step}/${finding.field ?? '-'}): ${finding.message}`;
}
