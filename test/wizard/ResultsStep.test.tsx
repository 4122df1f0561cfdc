import { describe, expect, it, vi } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { resultsText } from '../../source/wizard/results-text.js';
import { ResultsStep } from '../../source/wizard/steps/ResultsStep.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const ha = templateTopology({ mode: 'ha', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'], name: 'demo' });

describe('resultsText', () => {
  it('lists web consoles leader first and every data node site for HA clients', () => {
    const text = resultsText(ha, { leader: 'controller2', file: '/home/me/demo.yaml' });
    expect(text.consoles.map((c) => `${c.url} ${c.note}`)).toEqual([
      'http://10.0.0.81:8800 controller2, leader',
      'http://10.0.0.80:8800 controller1, follower (redirects to the leader)',
      'http://10.0.0.82:8800 controller3, follower (redirects to the leader)',
    ]);
    expect(text.sites).toEqual(['10.0.0.80:8802', '10.0.0.81:8802', '10.0.0.82:8802']);
    expect(text.connectLine).toBe(
      's.connect("10.0.0.80", 8802, "admin", "<password>", highAvailability=True, highAvailabilitySites=["10.0.0.80:8802", "10.0.0.81:8802", "10.0.0.82:8802"])',
    );
    expect(text.commands.map((c) => c.command)).toEqual([
      'ddb-setup status -f /home/me/demo.yaml',
      'ddb-setup stop -f /home/me/demo.yaml',
      'ddb-setup deploy -f /home/me/demo.yaml',
    ]);
  });

  it('uses a host public name for its web console', () => {
    const text = resultsText(ha, {
      leader: 'controller1',
      file: 'f',
      publicNames: { P1: 'db1.example.com' },
    });
    expect(text.consoles[0]?.url).toBe('http://db1.example.com:8800');
  });
});

describe('ResultsStep', () => {
  it('shows where the cluster answers, the file, the next commands and the password warning; q quits', async () => {
    const onQuit = vi.fn();
    const screen = render(
      <ResultsStep
        results={resultsText(ha, { leader: 'controller2', file: '/home/me/demo.yaml' })}
        file="/home/me/demo.yaml"
        journal="/home/me/.config/ddb-setup/journal-demo.json"
        defaultPassword
        isActive
        onQuit={onQuit}
      />,
    );
    const frame = await screen.waitFor('Deployed and verified.');
    expect(frame).toMatch(/Web console +http:\/\/10\.0\.0\.81:8800 controller2, leader/);
    expect(frame).toContain('highAvailabilitySites=["10.0.0.80:8802", "10.0.0.81:8802",');
    expect(frame).toMatch(/Topology +\/home\/me\/demo\.yaml/);
    expect(frame).toContain('ddb-setup status -f /home/me/demo.yaml');
    expect(frame).toContain("! The admin password is still DolphinDB's default (123456)");
    screen.press('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalled());
  });

  it('has no password warning once it was changed', async () => {
    const screen = render(
      <ResultsStep
        results={resultsText(ha, { leader: undefined, file: 'f' })}
        file="f"
        journal={undefined}
        defaultPassword={false}
        isActive
        onQuit={vi.fn()}
      />,
    );
    const frame = await screen.waitFor('Deployed and verified.');
    expect(frame).not.toContain('123456');
    screen.press(keys.escape);
  });
});
