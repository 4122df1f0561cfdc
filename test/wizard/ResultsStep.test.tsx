import { describe, expect, it, vi } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { resultsText } from '../../source/wizard/results-text.js';
import { ResultsStep } from '../../source/wizard/steps/ResultsStep.js';
import type { PasswordChange } from '../../source/wizard/wizard-services.js';
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
      'ddb-setup collect -f /home/me/demo.yaml',
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
    // The connection line wraps under its own column, the label's column left empty.
    const connect = frame.split('\n').filter((line) => /s\.connect|highAvailability|:8802/.test(line));
    expect(connect[0]).toMatch(/^Clients \(HA\) +s\.connect\(/);
    for (const line of connect.slice(1)) expect(line).toMatch(/^ {13}\S/);
    expect(connect.map((line) => line.slice(13)).join(' ')).toContain('"10.0.0.82:8802"])');
    expect(frame).toMatch(/Topology +\/home\/me\/demo\.yaml/);
    expect(frame).toContain('ddb-setup status -f /home/me/demo.yaml');
    expect(frame).toContain("! The admin password is still DolphinDB's default (123456)");
    screen.press('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalled());
  });

  it('sets each command apart from what it does, as a shell comment in its own column', async () => {
    const screen = render(
      <ResultsStep
        results={resultsText(ha, { leader: 'controller2', file: 'demo.yaml' })}
        file="demo.yaml"
        journal={undefined}
        defaultPassword={false}
        isActive
        onQuit={vi.fn()}
      />,
    );
    const frame = await screen.waitFor('Deployed and verified.');
    expect(frame).toContain('  ddb-setup status -f demo.yaml   # every node and the leader');
    expect(frame).toContain('  ddb-setup stop -f demo.yaml     # stop gracefully (start to start again)');
    expect(frame).toContain(
      '  ddb-setup collect -f demo.yaml  # a support bundle: logs, configs, diagnoses; secrets removed',
    );
  });

  it('shows a single node a plain client line, not a high-availability one', async () => {
    const single = templateTopology({ mode: 'single', addresses: ['10.0.0.80'], name: 'one' });
    const screen = render(
      <ResultsStep
        results={resultsText(single, { leader: undefined, file: 'one.yaml' })}
        file="one.yaml"
        journal={undefined}
        defaultPassword={false}
        isActive
        onQuit={vi.fn()}
      />,
    );
    const frame = await screen.waitFor('Deployed and verified.');
    expect(frame).toMatch(/^Client +s\.connect\("10\.0\.0\.80", 8848, "admin", "<password>"\)$/m);
    expect(frame).not.toContain('HA');
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

  describe('the admin password offer', () => {
    const warning = "The admin password is still DolphinDB's default";
    const screenWith = (onChangePassword: (password: string) => Promise<PasswordChange>) => {
      const onQuit = vi.fn();
      const screen = render(
        <ResultsStep
          results={resultsText(ha, { leader: 'controller2', file: 'f' })}
          file="f"
          journal={undefined}
          defaultPassword
          onChangePassword={onChangePassword}
          isActive
          onQuit={onQuit}
        />,
      );
      return { screen, onQuit };
    };

    it('p opens a masked two-field form; differing entries are refused; a change removes the warning', async () => {
      const change = vi.fn(async (): Promise<PasswordChange> => ({
        outcome: 'changed',
        message: 'Changed on controller2.',
      }));
      const { screen, onQuit } = screenWith(change);
      expect(await screen.waitFor(warning)).toContain('p: change it here');
      await screen.press('p');
      await screen.waitFor('Repeat it');
      await screen.press('S3cret?q', keys.tab, 'S3cret?x', keys.enter);
      const refused = await screen.waitFor('the two entries differ');
      // Masked: one • per character, never the text; 'q' and '?' were typed, not obeyed.
      expect(refused).not.toContain('S3cret');
      expect(refused).toContain('••••••••');
      expect(change).not.toHaveBeenCalled();
      await screen.press(keys.backspace, 'q', keys.enter);
      const done = await screen.waitFor('Changed on controller2.');
      expect(change).toHaveBeenCalledWith('S3cret?q');
      expect(done).not.toContain(warning);
      expect(done).not.toContain('change admin password');
      expect(onQuit).not.toHaveBeenCalled();
    });

    it('a failure is shown in the form and keeps the warning; Esc closes the form without quitting', async () => {
      const { screen, onQuit } = screenWith(async () => ({
        outcome: 'failed',
        message: 'no controller is leader',
      }));
      await screen.waitFor(warning);
      await screen.press('p', 'N3w', keys.tab, 'N3w', keys.enter);
      const failed = await screen.waitFor('no controller is leader');
      expect(failed).toContain(warning);
      await screen.press(keys.escape);
      await screen.waitFor((frame) => !frame.includes('Repeat it') && frame.includes('p: change it here'));
      expect(onQuit).not.toHaveBeenCalled();
    });

    it('admin/123456 refused by DolphinDB: the warning goes, the message says why', async () => {
      const { screen } = screenWith(async () => ({
        outcome: 'not-default',
        message: 'DolphinDB refused admin/123456: the password was already changed.',
      }));
      await screen.press('p', 'N3w', keys.tab, 'N3w', keys.enter);
      const frame = await screen.waitFor('the password was already changed');
      expect(frame).not.toContain(warning);
    });
  });
});
