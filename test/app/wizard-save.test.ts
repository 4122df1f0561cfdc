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

describe('wizard services: a file holding another deployed cluster is not saved over', () => {
  it('refuses, naming the cluster and a free file name; the same deployment edited is saved', async () => {
    const { Journal } = await import('../../source/store/journal.js');
    const saved = process.env['DDB_SETUP_CONFIG_DIR'];
    process.env['DDB_SETUP_CONFIG_DIR'] = join(dir, 'config');
    try {
      const file = join(dir, 'ddb.yaml');
      const first = templateTopology({ mode: 'ha', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'] });
      services.saveTopology(file, first);
      // Deployed: its journal has a deploy run.
      await new Journal(first, 'deploy', file, new Date()).finish({ ok: true }, new Date());
      const second = templateTopology({ mode: 'ha', addresses: ['10.0.0.90', '10.0.0.91', '10.0.0.92'] });
      expect(second.name).toBe(first.name);
      expect(() => services.saveTopology(file, second)).toThrow(
        'ddb.yaml holds cluster ddb, deployed on 10.0.0.80, 10.0.0.81, 10.0.0.82 — another deployment than this one. Save under another file name (for example ddb-2.yaml)',
      );
      expect(readFileSync(file, 'utf8')).toContain('10.0.0.80');
      // The first cluster, edited (another port), is the same deployment: saved, the old one kept.
      const edited = {
        ...first,
        nodes: first.nodes.map((n, i) => (i === 0 ? { ...n, port: n.port + 100 } : n)),
      };
      expect(services.saveTopology(file, edited).backup).toBeDefined();
      // A never-deployed draft may be replaced (kept as a backup).
      const draft = join(dir, 'draft.yaml');
      services.saveTopology(draft, templateTopology({ mode: 'single', addresses: ['10.0.0.70'] }));
      expect(services.saveTopology(draft, second).backup).toBeDefined();
    } finally {
      if (saved === undefined) delete process.env['DDB_SETUP_CONFIG_DIR'];
      else process.env['DDB_SETUP_CONFIG_DIR'] = saved;
    }
  });
});
