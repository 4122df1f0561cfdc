import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import { runCli } from '../helpers/run-cli.js';
import { tmuxSuite } from '../helpers/tmux-suite.js';

const suite = tmuxSuite('ddb-setup-wizard-flags');

/** The built wizard with `args` in a fresh 80×24 tmux terminal, its own config and working directory. */
function open(args: string[]) {
  const cwd = mkdtempSync(join(suite.workDir(), 'run-'));
  const terminal = suite.terminal({
    args: ['wizard', ...args],
    cwd,
    env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config') },
  });
  return { terminal, cwd };
}

describe('the wizard started with answer flags (tmux, built binary)', () => {
  it('wizard --mode ha --hosts 10.0.0.80-82 opens on Layout, and Esc finds Hosts and Mode answered', async () => {
    const { terminal: t } = open(['--mode', 'ha', '--hosts', '10.0.0.80-82']);
    const layout = await t.waitFor('Base port');
    expect(layout.split('\n')[0]).toMatch(/^ddb-setup › Layout +3\/5$/);
    expect(layout).toContain('P3 10.0.0.82');
    expect(layout).toMatch(/Controllers +3/);
    expect(layout).not.toContain('Start a new deployment');
    t.keys('Escape');
    const hosts = await t.waitFor('+ add a host');
    for (const address of ['10.0.0.80', '10.0.0.81', '10.0.0.82']) expect(hosts).toContain(address);
    t.keys('Escape');
    await t.waitFor('› Multi-server HA (3+ servers)');
    t.keys('Enter');
    await t.waitFor('+ add a host');
    // Answers not saved yet: Ctrl-C asks first, a second one quits.
    t.keys('C-c');
    await t.waitFor('Quit and lose the answers?');
    t.keys('C-c');
    await t.waitFor('EXIT=130');
  });

  it('with every screen answered it opens on Preview, and saves the topology template writes for the same flags', async () => {
    const licence = join(suite.workDir(), 'acme.lic');
    writeFileSync(licence, '2042.01.01,64,32,40,ACME Corp\n');
    const flags = [
      '--mode',
      'pseudo-ha',
      '--hosts',
      '127.0.0.1',
      '--datanodes',
      '2',
      '--name',
      'flags',
      '--max-mem-size',
      '4',
      '--workers',
      '2',
      '--volumes',
      'datanode1=/tmp/ddb-flags/dn1',
      // Pseudo-HA needs more nodes than the community licence allows.
      '--license',
      licence,
    ];
    const { terminal: t, cwd } = open(flags);
    const preview = await t.waitFor('topology file ./flags.yaml');
    expect(preview.split('\n')[0]).toMatch(/^ddb-setup › Preview +5\/5$/);
    expect(preview).toContain('Cluster flags · pseudo-ha');
    t.keys('s');
    await t.waitFor('Save the topology to: ./flags.yaml');
    t.keys('Enter');
    await t.waitFor('saved ./flags.yaml');
    const saved = loadTopology(readFileSync(join(cwd, 'flags.yaml'), 'utf8')).topology;
    const template = runCli(['template', ...flags]);
    expect(template.status, template.stderr).toBe(0);
    expect(saved).toEqual(loadTopology(template.stdout).topology);
    expect(saved?.config?.cluster).toMatchObject({
      maxMemSize: '4',
      workerNum: '2',
      'datanode1.volumes': '/tmp/ddb-flags/dn1',
    });
  });
});
