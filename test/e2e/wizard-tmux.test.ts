import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../source/model/parse-topology.js';
import { runCli } from '../helpers/run-cli.js';
import { tmuxSuite } from '../helpers/tmux-suite.js';

const suite = tmuxSuite('ddb-setup-wizard-e2e');

/** The built program in a fresh tmux terminal, with its own config directory and working directory. */
function open(
  args: string[],
  options: { columns?: number; rows?: number; env?: Record<string, string> } = {},
) {
  const cwd = mkdtempSync(join(suite.workDir(), 'run-'));
  const terminal = suite.terminal({
    args,
    cwd,
    ...options,
    env: { DDB_SETUP_CONFIG_DIR: join(cwd, 'config'), ...options.env },
  });
  return { terminal, cwd };
}

/** The SGR parameters that set a colour (30–37, 90–97 and their backgrounds, 38/48 extended). */
function colourCodes(screen: string): string[] {
  // eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
  const params = [...screen.matchAll(/\u001B\[([0-9;]*)m/g)].flatMap((match) => (match[1] ?? '').split(';'));
  return params.filter((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p));
}

/** No line of the screen is wider than the terminal, and the top line is the title. */
function expectFits(screen: string, columns: number): void {
  for (const line of screen.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
  expect(screen.split('\n')[0]).toMatch(/^ddb-setup › /);
}

describe('the wizard in a real terminal (tmux, built binary)', () => {
  it('`ddb-setup` alone opens the wizard; walks Welcome → Mode → Hosts → Layout → Options → Preview', async () => {
    const { terminal: t, cwd } = open([]);
    const welcome = await t.waitFor('Start a new deployment');
    expectFits(welcome, 80);
    t.keys('Enter');
    await t.waitFor('What should the deployment survive?');
    t.keys('Down', 'Down');
    await t.waitFor('survives a controller process failure');
    t.keys('Enter');
    await t.waitFor('Host P1');
    t.type('127.0.0.1');
    t.keys('Escape');
    await t.waitFor('+ add a host');
    t.keys('t');
    const hosts = await t.waitFor('✓ this machine');
    expect(hosts).toMatch(/P1 127\.0\.0\.1/);
    t.keys('Down', 'Down', 'Enter');
    // The licence note (pseudo-HA exceeds the community licence) takes two lines: at 80×24 the
    // diagram draws the host on one row.
    const layout = await t.waitFor((s) => /◆ ?controller3 ?:8802/.test(s));
    expect(layout).toMatch(/Controllers +3/);
    expect(layout).toContain('Licence: 6 nodes exceed the 3 the package’s licence allows');
    expectFits(layout, 80);
    t.keys('Enter', 'Enter', 'Enter', 'Enter');
    await t.waitFor('Cluster name');
    t.type('e2e');
    await t.waitFor('e2e');
    // Pseudo-HA's three controllers and its data nodes exceed the community licence: a licence
    // file is asked for, and what it allows is shown once read.
    writeFileSync(join(cwd, 'dolphindb.lic'), '2042.01.01,64,32,40,ACME Corp\n');
    t.keys('Down', 'Down', 'Down');
    await t.waitFor('› Licence file');
    t.type('./dolphindb.lic');
    await t.waitFor('This licence allows 40 nodes');
    for (let i = 0; i < 13; i++) t.keys('Enter');
    const preview = await t.waitFor('topology file ./e2e.yaml');
    expect(preview).toContain('Cluster e2e · pseudo-ha · DolphinDB 2.00.11.3 · 1 host · 7 processes');
    expectFits(preview, 80);
    t.keys('Right');
    await t.waitFor('localSite=127.0.0.1:8800:controller1');

    // Save and export write real files; the saved file is the topology the commands read.
    t.keys('s');
    await t.waitFor('Save the topology to: ./e2e.yaml');
    t.keys('Enter');
    await t.waitFor('saved ./e2e.yaml');
    const saved = loadTopology(readFileSync(join(cwd, 'e2e.yaml'), 'utf8')).topology;
    const template = runCli([
      'template',
      '--mode',
      'pseudo-ha',
      '--hosts',
      '127.0.0.1',
      '--name',
      'e2e',
      '--license',
      './dolphindb.lic',
    ]).stdout;
    expect(saved).toEqual(loadTopology(template).topology);
    expect(runCli(['validate', '-f', join(cwd, 'e2e.yaml')]).status).toBe(0);
    t.keys('x');
    await t.waitFor('Export the topology and every file to directory');
    t.keys('Enter');
    await t.waitFor('exported the topology and');
    expect(
      existsSync(
        join(cwd, 'ddb-setup-review', 'P1', 'opt/dolphindb/e2e/nodes/controller1/config/controller.cfg'),
      ),
    ).toBe(true);

    // Back through every screen: nothing typed is lost.
    t.keys('Escape');
    await t.waitFor((s) => /Cluster name +e2e/.test(s));
    t.keys('Escape');
    await t.waitFor('Base port');
    t.keys('Escape');
    await t.waitFor('Continue →');
    expect(t.capture()).toContain('127.0.0.1');
    t.keys('?');
    await t.waitFor('Help: hosts');
    t.keys('Escape');
    await t.waitFor('Continue →');
    // Answers not yet deployed are not lost to one key: Ctrl-C asks, y quits.
    t.keys('C-c');
    await t.waitFor('Quit and lose the answers?');
    t.type('y');
    await t.waitFor('EXIT=130');
  });

  it('honours NO_COLOR: colour on a terminal by default, none with NO_COLOR=1', async () => {
    const coloured = open([]).terminal;
    await coloured.waitFor('Start a new deployment');
    expect(colourCodes(coloured.capture(true)).length).toBeGreaterThan(0);
    const plain = open([], { env: { NO_COLOR: '1' } }).terminal;
    await plain.waitFor('Start a new deployment');
    // Bold, dim and inverse are not colour; tmux also writes 39/49 (default colours) as resets.
    expect(colourCodes(plain.capture(true))).toEqual([]);
  });

  it('draws live frames even with CI=true or CONTINUOUS_INTEGRATION=1 exported (Ink would wait for exit)', async () => {
    const switches: Record<string, string>[] = [{ CI: 'true' }, { CONTINUOUS_INTEGRATION: '1' }];
    for (const env of switches) {
      const t = open([], { env }).terminal;
      await t.waitFor('Start a new deployment');
      t.keys('Enter');
      await t.waitFor('What should the deployment survive?');
    }
  });

  it('wizard -f FILE opens the file on the preview, and adapts to a narrow terminal', async () => {
    const dir = mkdtempSync(join(suite.workDir(), 'file-'));
    const file = join(dir, 'ha.yaml');
    writeFileSync(
      file,
      runCli(['template', '--mode', 'ha', '--hosts', '10.0.0.80,10.0.0.81,10.0.0.82', '--name', 'demo'])
        .stdout,
    );
    const { terminal: t } = open(['wizard', '-f', file], { columns: 100, rows: 30 });
    const preview = await t.waitFor('Cluster demo · ha');
    expect(preview).toContain('· opened from /');
    t.resize(60, 24);
    const narrow = await t.waitFor(
      (s) => s.split('\n').every((line) => line.length <= 60) && s.includes('Cluster demo'),
    );
    expectFits(narrow, 60);
    t.keys('Escape');
    const options = await t.waitFor('Cluster name');
    expect(options).toMatch(/Cluster name +demo/);
  });

  it('without a terminal, `ddb-setup` prints the usage (exit 2) and `wizard` says why it cannot run', () => {
    const bare = runCli([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toContain('Usage: ddb-setup <command>');
    const wizard = runCli(['wizard']);
    expect(wizard.status).toBe(2);
    expect(wizard.stderr).toContain('the wizard needs a terminal');
  });
});
