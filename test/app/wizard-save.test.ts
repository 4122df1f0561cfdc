/**
 * The wizard's save on a real disk: a file already there under the topology's name may be the
 * user's own, so it is kept as a backup before the new one is written; saving the same text again
 * touches nothing.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWizardServices } from '../../source/app/wizard-services.js';
import { templateTopology } from '../../source/model/template-topology.js';
import { createSettingsStore } from '../../source/store/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-wizard-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const services = createWizardServices({
  cwd: dir,
  now: () => new Date('2026-11-23T10:11:12Z'),
  toolVersion: '0.0.0-test',
  settings: createSettingsStore({ cwd: join(dir, 'config') }),
});
const topology = templateTopology({ mode: 'ha', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'] });

describe('wizard services: saveTopology', () => {
  it('keeps a different file already there as <name>.bak-<stamp>, then writes the topology', () => {
    const file = join(dir, 'lab.yaml');
    writeFileSync(file, '# my own notes, not a topology\n');
    expect(services.saveTopology(file, topology)).toEqual({
      file,
      backup: `${file}.bak-20261123T101112`,
    });
    expect(readFileSync(`${file}.bak-20261123T101112`, 'utf8')).toBe('# my own notes, not a topology\n');
    expect(readFileSync(file, 'utf8')).toContain('mode: ha');
  });

  it('saving the same topology again writes nothing and makes no backup', () => {
    const file = join(dir, 'lab.yaml');
    const before = readdirSync(dir).sort();
    expect(services.saveTopology(file, topology)).toEqual({ file });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a second backup in the same second does not overwrite the first', () => {
    const file = join(dir, 'lab.yaml');
    writeFileSync(file, '# changed again\n');
    expect(services.saveTopology(file, topology).backup).toBe(`${file}.bak-20261123T101112.1`);
    expect(readFileSync(`${file}.bak-20261123T101112`, 'utf8')).toBe('# my own notes, not a topology\n');
  });
});
