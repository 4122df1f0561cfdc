import { describe, expect, it, vi } from 'vitest';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { previewModel } from '../../source/wizard/preview-files.js';
import { PreviewStep } from '../../source/wizard/steps/PreviewStep.js';
import { assessWizard, deployBlocker } from '../../source/wizard/wizard-selectors.js';
import { emptyLayout, type WizardState } from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';
import { stateWith, threeHosts } from '../helpers/wizard-states.js';

const templates = loadTemplates();

function preview(
  state: WizardState,
  handlers: {
    onSave?: (f: string) => string;
    onExport?: (d: string) => string;
    onDeploy?: (f: string) => string | undefined;
  } = {},
) {
  const assessment = assessWizard(state);
  const model = previewModel(
    assessment,
    (t) => renderFiles(t, { templates, toolVersion: 'test' }),
    './ddb.yaml',
    undefined,
  );
  const spies = {
    onSave: vi.fn(handlers.onSave ?? ((f: string) => `saved ${f}`)),
    onExport: vi.fn(handlers.onExport ?? ((d: string) => `exported to ${d}`)),
    onDeploy: vi.fn(handlers.onDeploy ?? (() => undefined)),
  };
  const screen = render(
    <PreviewStep
      {...model}
      topologyFile="./ddb.yaml"
      blocker={deployBlocker(assessment)}
      isActive
      height={30}
      {...spies}
    />,
  );
  return { screen, spies };
}

describe('PreviewStep', () => {
  it('shows the topology file first, then every rendered file per host', async () => {
    const { screen } = preview(stateWith('preview', 'ha', threeHosts));
    const first = await screen.waitFor('1/25 topology file ./ddb.yaml');
    expect(first).toContain('mode: ha');
    screen.press(keys.right);
    const second = await screen.waitFor('2/25 P1 controller.cfg');
    expect(second).toContain('/opt/dolphindb/ddb/nodes/controller1/config/controller.cfg');
    expect(second).toContain('localSite=10.0.0.80:8800:controller1');
    screen.press(keys.left, keys.left);
    await screen.waitFor('25/25');
  });

  it('installs a host with its own deploy dir there: the topology says so and its files go there', async () => {
    const start = stateWith('preview', 'ha', threeHosts);
    const state = {
      ...start,
      hosts: start.hosts.map((host, index) =>
        index === 1 ? { ...host, deployDir: '/data/dolphindb' } : host,
      ),
    };
    const model = previewModel(
      assessWizard(state),
      (t) => renderFiles(t, { templates, toolVersion: 'test' }),
      './ddb.yaml',
      undefined,
    );
    const dirs = new Set(model.files.slice(1).map((file) => `${file.host} ${file.path.split('/ddb/')[0]}`));
    expect([...dirs].sort()).toEqual(['P1 /opt/dolphindb', 'P2 /data/dolphindb', 'P3 /opt/dolphindb']);
    expect(model.files[0]?.lines).toContain(
      '  - { name: P2, address: 10.0.0.81, deployDir: /data/dolphindb }',
    );
    const { screen } = preview(state);
    await screen.waitFor('deployDir: /data/dolphindb');
  });

  it('scrolls a file', async () => {
    const { screen } = preview(stateWith('preview', 'ha', threeHosts));
    await screen.waitFor('1 format: ddb-setup/v1');
    screen.press(keys.pageDown);
    await screen.waitFor((frame) => !frame.includes('1 format: ddb-setup/v1') && frame.includes('nodes:'));
  });

  it('puts a validation issue under the line of the field that causes it, and refuses to deploy', async () => {
    const state = stateWith('preview', 'ha', threeHosts, {
      layout: { ...emptyLayout, ports: { agent1: '8802' } },
    });
    const { screen, spies } = preview(state);
    const frame = await screen.waitFor('✗ port-conflict: agent1 and datanode1 both use port 8802');
    const lines = frame.split('\n');
    const at = lines.findIndex((line) => line.includes('✗ port-conflict'));
    expect(lines[at - 1]).toContain('{ alias: datanode1, mode: datanode, host: P1, port: 8802 }');
    expect(frame).toContain('✗ nodes[4].port (Layout): agent1 and datanode1 both use port 8802');
    screen.press(keys.enter);
    await screen.waitFor('cannot deploy: 1 error to fix first');
    expect(spies.onDeploy).not.toHaveBeenCalled();
  });

  it('saves to a typed path and exports to a directory', async () => {
    const { screen, spies } = preview(stateWith('preview', 'single', ['10.0.0.80']));
    await screen.waitFor('topology file');
    screen.press('s');
    await screen.waitFor('Save the topology to: ./ddb.yaml');
    screen.press(keys.ctrlU, './lab.yaml', keys.enter);
    await screen.waitFor('saved ./lab.yaml');
    expect(spies.onSave).toHaveBeenCalledWith('./lab.yaml');
    screen.press('x');
    await screen.waitFor('Export the topology and every file to directory: ./ddb-setup-review');
    screen.press(keys.enter);
    await screen.waitFor('exported to ./ddb-setup-review');
  });

  it('deploys only after y; Enter or n keeps the preview', async () => {
    const { screen, spies } = preview(stateWith('preview', 'single', ['10.0.0.80']));
    await screen.waitFor('topology file');
    screen.press(keys.enter);
    await screen.waitFor('Save ./ddb.yaml and deploy now?');
    screen.press(keys.enter);
    await screen.waitFor((frame) => !frame.includes('deploy now?'));
    screen.press(keys.enter);
    await screen.waitFor('deploy now?');
    screen.press('y');
    await vi.waitFor(() => expect(spies.onDeploy).toHaveBeenCalledWith('./ddb.yaml', false));
  });

  it('deploys swarm like every other mode (its files can still be exported)', async () => {
    const { screen, spies } = preview(stateWith('preview', 'swarm', threeHosts));
    await screen.waitFor('mode: swarm');
    screen.press(keys.enter);
    await screen.waitFor('Save ./ddb.yaml and deploy now?');
    screen.press('y');
    await vi.waitFor(() => expect(spies.onDeploy).toHaveBeenCalledWith('./ddb.yaml', false));
  });
});
