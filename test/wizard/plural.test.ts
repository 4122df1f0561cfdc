import { describe, expect, it } from 'vitest';
import { plural } from '../../source/model/plural.js';
import { previewModel } from '../../source/wizard/preview-files.js';
import { assessWizard } from '../../source/wizard/wizard-selectors.js';
import { fakeServices } from '../helpers/fake-services.js';
import { stateWith } from '../helpers/wizard-states.js';

describe('counts on screen (issue 13 item 12)', () => {
  it('puts the noun in the number the count needs', () => {
    expect([
      plural(1, 'host'),
      plural(3, 'host'),
      plural(1, 'process', 'processes'),
      plural(2, 'process', 'processes'),
    ]).toEqual(['1 host', '3 hosts', '1 process', '2 processes']);
  });

  it('says 1 host and 1 process in the Preview summary of a single node', () => {
    const assessment = assessWizard(stateWith('preview', 'single', ['10.0.0.80']));
    const preview = previewModel(assessment, fakeServices().renderFiles, './ddb.yaml', undefined);
    expect(preview.summary).toContain(' · 1 host · 1 process · ');
  });
});
