/**
 * The Results screen of a 30-host cluster at 80×24 (issue 16 item 4): the web consoles first, the
 * 30 data node sites of the client line and the rest scrolled within the terminal, never past it.
 */
import { Box } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { resultsText, type ResultsText } from '../../source/wizard/results-text.js';
import { ResultsStep } from '../../source/wizard/steps/ResultsStep.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const addresses = Array.from({ length: 30 }, (_, i) => `10.0.3.${i + 1}`);
const topology = templateTopology({ mode: 'ha', name: 'big', addresses, computenodes: 0 });

function open(results: ResultsText) {
  const onQuit = vi.fn();
  // ink-testing-library's terminal is 100 columns: the screen gets the 80 it is told of.
  const screen = render(
    <Box width={80}>
      <ResultsStep
        results={results}
        file="/home/me/big.yaml"
        journal="/home/me/.config/ddb-setup/journal-big.json"
        defaultPassword
        onChangePassword={async () => ({ outcome: 'changed', message: 'changed' })}
        isActive
        rows={24}
        columns={80}
        onQuit={onQuit}
      />
    </Box>,
  );
  return { screen, onQuit };
}

const fits = (frame: string) => {
  const lines = frame.split('\n');
  // One line stays free below the frame for the cursor.
  expect(lines.length, frame).toBeLessThanOrEqual(23);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
};

describe('Results with 30 hosts at 80×24', () => {
  it('shows the web consoles first and scrolls the rest within the terminal', async () => {
    const { screen, onQuit } = open(
      resultsText(topology, { leader: 'controller2', file: '/home/me/big.yaml' }),
    );
    const first = await screen.waitFor('Deployed and verified.');
    fits(first);
    expect(first).toMatch(/Web console +http:\/\/10\.0\.3\.2:8800 controller2, leader/);
    expect(first).toContain('http://10.0.3.1:8800 controller1, follower');
    expect(first).toContain('http://10.0.3.3:8800 controller3, follower');
    expect(first).toMatch(/↓ \d+ more lines/);
    expect(first).toContain('↑↓ PgUp PgDn scroll');
    // Scrolled to the end a page at a time: every data node site was on screen once, every frame fit.
    let seen = first;
    for (let page = 0; page < 5 && !seen.includes('p: change it here'); page++) {
      await screen.press(keys.pageDown);
      const frame = await screen.waitFor((f) => f !== seen);
      fits(frame);
      seen = `${seen}\n${frame}`;
    }
    const flat = seen.replace(/\s+/g, '');
    for (const address of addresses)
      expect(flat).toMatch(new RegExp(`"${address.replace(/\./g, '\\.')}:88\\d\\d"`));
    expect(seen).toContain('ddb-setup status -f /home/me/big.yaml');
    expect(screen.frame()).toMatch(/↑ \d+ more lines/);
    expect(screen.frame()).toContain('p: change it here');
    screen.press('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
  });

  it('lays many web consoles out in columns after the leader', async () => {
    const many: ResultsText = {
      ...resultsText(topology, { leader: 'controller1', file: '/home/me/big.yaml' }),
      consoles: addresses.map((address, i) => ({
        url: `http://${address}:8800`,
        note: i === 0 ? 'controller1, leader' : `controller${i + 1}, follower (redirects to the leader)`,
      })),
    };
    const { screen } = open(many);
    const frame = await screen.waitFor('Deployed and verified.');
    fits(frame);
    expect(frame).toMatch(/Web console +http:\/\/10\.0\.3\.1:8800 controller1, leader/);
    // Three followers a line at 80 columns: 29 followers in 10 lines, then the note.
    expect(frame).toMatch(
      /^ {13}http:\/\/10\.0\.3\.2:8800 +http:\/\/10\.0\.3\.3:8800 +http:\/\/10\.0\.3\.4:8800/m,
    );
    expect(frame).toMatch(/^ {13}http:\/\/10\.0\.3\.29:8800 +http:\/\/10\.0\.3\.30:8800$/m);
    expect(frame).toContain('each of these redirects to the leader');
  });

  it('opens the password form with the warning in view, within the terminal', async () => {
    const { screen } = open(resultsText(topology, { leader: 'controller2', file: '/home/me/big.yaml' }));
    await screen.waitFor('Deployed and verified.');
    screen.press('p');
    const frame = await screen.waitFor('New password');
    fits(frame);
    expect(frame).toContain('set DDB_ADMIN_PASSWORD');
  });
});
