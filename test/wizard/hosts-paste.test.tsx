/**
 * Many servers on the Hosts screen (issue 16 item 4): a column of addresses pasted (one read holding
 * every line, as a terminal hands a paste over), a list or a range typed into the address field.
 * Each makes one host per server, in order, with the SSH answers of the host it was typed into;
 * none of them submits the screen.
 */
import { useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { splitKeyPresses, noKey } from '../../source/ui/key-presses.js';
import { HostsStep } from '../../source/wizard/steps/HostsStep.js';
import { assessWizard, findingsFor } from '../../source/wizard/wizard-selectors.js';
import {
  initialWizardState,
  wizardReducer,
  type HostDraft,
  type WizardState,
} from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

const thirty = Array.from({ length: 30 }, (_, i) => `10.0.0.${i + 1}`);

function Harness({
  start,
  seen,
  onSubmit,
}: {
  start: WizardState;
  seen: (hosts: readonly HostDraft[]) => void;
  onSubmit: () => void;
}) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  seen(state.hosts);
  return (
    <HostsStep
      mode={state.mode}
      hosts={state.hosts}
      nextHostId={state.nextHostId}
      findings={findingsFor(assessWizard(state), 'hosts')}
      tests={{}}
      isActive
      width={80}
      height={24}
      onAdd={() => dispatch({ type: 'addHost' })}
      onChange={(id, changes) => dispatch({ type: 'updateHost', id, changes })}
      onRemove={(id) => dispatch({ type: 'removeHost', id })}
      onAddHosts={(at, addresses) => dispatch({ type: 'addHosts', at, addresses })}
      onTest={() => undefined}
      onSubmit={onSubmit}
    />
  );
}

/** The Hosts screen of a new HA deployment: the first host's editor open, SSH user root. */
function setup() {
  let hosts: readonly HostDraft[] = [];
  const onSubmit = vi.fn();
  const start = wizardReducer(initialWizardState({ user: 'root' }), { type: 'selectMode', mode: 'ha' });
  const screen = render(<Harness start={start} seen={(h) => (hosts = h)} onSubmit={onSubmit} />);
  return { screen, onSubmit, hosts: () => hosts };
}

const lineCount = (frame: string) => frame.split('\n').length;

describe('a paste of several lines', () => {
  it('stays one key press, its lines joined by \\n; one line and Enter stay two keys', () => {
    expect(splitKeyPresses('10.0.0.1\r10.0.0.2\r\n10.0.0.3\r', noKey)).toEqual([
      { input: '10.0.0.1\n10.0.0.2\n10.0.0.3', key: noKey },
    ]);
    expect(splitKeyPresses('10.0.0.8\r', noKey).map((press) => press.key.return)).toEqual([false, true]);
    // Other controls in the read: keys typed fast, each its own press.
    expect(splitKeyPresses('10.0.0.8\r\tadmin', noKey)).toHaveLength(4);
  });

  it('30 addresses pasted into the address field become 30 hosts in order, and the screen stays', async () => {
    const { screen, hosts, onSubmit } = setup();
    await screen.waitFor('Host P1');
    // As a terminal sends a paste: every line ends in a carriage return, the last one too.
    await screen.press(thirty.map((address) => `${address}\r`).join(''));
    const frame = await screen.waitFor('Continue →');
    expect(hosts().map((host) => host.address)).toEqual(thirty);
    expect(new Set(hosts().map((host) => host.id)).size).toBe(30);
    expect(hosts().every((host) => host.user === 'root')).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
    // The list at 80×24: the first hosts, the rest counted, within the terminal.
    expect(frame).toMatch(/› P1 +10\.0\.0\.1 /);
    expect(frame).toMatch(/↓ \d+ more/);
    expect(lineCount(frame)).toBeLessThanOrEqual(24);
    // Three pages down is "+ add a host", one up the last host.
    screen.press(keys.pageDown, keys.pageDown, keys.pageDown, keys.up);
    const end = await screen.waitFor((f) => /› P30 +10\.0\.0\.30 /.test(f));
    expect(lineCount(end)).toBeLessThanOrEqual(24);
  });

  it('pasted onto the list, the servers are added after the last host, with its SSH answers', async () => {
    const { screen, hosts } = setup();
    await screen.waitFor('Host P1');
    screen.press(keys.tab, keys.tab, keys.ctrlU, 'deploy', keys.escape);
    await screen.waitFor('+ add a host');
    expect(hosts()).toEqual([]);
    screen.press('a', '10.0.0.80', keys.tab, keys.tab, keys.ctrlU, 'deploy', keys.escape);
    await screen.waitFor('deploy@10.0.0.80');
    // Line feeds this time, as a file piped through a terminal may have them.
    screen.press('10.0.0.81\n10.0.0.82\n\ndb-3\n');
    await screen.waitFor('db-3');
    expect(hosts().map((host) => [host.address, host.user])).toEqual([
      ['10.0.0.80', 'deploy'],
      ['10.0.0.81', 'deploy'],
      ['10.0.0.82', 'deploy'],
      ['db-3', 'deploy'],
    ]);
  });

  it('a bad range pasted onto the list adds nothing and says what to change', async () => {
    const { screen, hosts } = setup();
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.escape);
    await screen.waitFor('+ add a host');
    screen.press('10.0.0.81\n10.0.0.90-85\n');
    const frame = await screen.waitFor('nothing was added');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'Pasted hosts: 10.0.0.90-85: a range counts up, e.g. 10.0.0.85-90; nothing was added',
    );
    expect(hosts().map((host) => host.address)).toEqual(['10.0.0.80']);
  });
});

describe('a range or a list typed into the address field', () => {
  it('says what Enter will make, then makes 30 hosts with the SSH answers of the host typed into', async () => {
    const { screen, hosts, onSubmit } = setup();
    await screen.waitFor('Host P1');
    // The SSH answers first, then back to the address.
    screen.press(keys.tab, keys.tab, keys.ctrlU, 'deploy', keys.tab, '2222', keys.tab, keys.right);
    await screen.waitFor('Key file');
    screen.press(keys.tab, '~/.ssh/id_ed25519', keys.up, keys.up, keys.up, keys.up, keys.up);
    await screen.waitFor((f) => /› Intranet address/.test(f));
    screen.press('10.0.0.1-30');
    const hint = await screen.waitFor('Enter makes 30 hosts');
    expect(hint.replace(/\s+/g, ' ')).toContain(
      'Enter makes 30 hosts, 10.0.0.1 to 10.0.0.30, each with the SSH answers below.',
    );
    screen.press(keys.enter);
    await screen.waitFor('Continue →');
    expect(hosts().map((host) => host.address)).toEqual(thirty);
    for (const host of hosts())
      expect(host).toMatchObject({
        user: 'deploy',
        port: '2222',
        auth: 'key',
        identityFile: '~/.ssh/id_ed25519',
      });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('a list with commas and spaces makes one host each, Esc too', async () => {
    const { screen, hosts } = setup();
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80, 10.0.0.81 10.0.0.82-83');
    await screen.waitFor('Enter makes 4 hosts');
    screen.press(keys.escape);
    await screen.waitFor('Continue →');
    expect(hosts().map((host) => host.address)).toEqual(['10.0.0.80', '10.0.0.81', '10.0.0.82', '10.0.0.83']);
  });

  it('a bad range is named under the field with its fix, and Enter stays on it', async () => {
    const { screen, hosts } = setup();
    await screen.waitFor('Host P1');
    screen.press('10.0.0.30-1');
    const frame = await screen.waitFor('a range counts up');
    expect(frame.replace(/\s+/g, ' ')).toContain('10.0.0.30-1: a range counts up, e.g. 10.0.0.1-30');
    screen.press(keys.enter, keys.enter);
    await screen.waitFor((f) => /› Intranet address +10\.0\.0\.30-1/.test(f));
    expect(screen.frame()).toContain('Host P1');
    // Fixed, it goes on.
    screen.press(keys.ctrlU, '10.0.0.1-3', keys.enter);
    await screen.waitFor('Continue →');
    expect(hosts().map((host) => host.address)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });
});
