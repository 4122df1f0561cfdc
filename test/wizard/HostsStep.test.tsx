import { useReducer } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { HostsStep, type HostTest } from '../../source/wizard/steps/HostsStep.js';
import { assessWizard, findingsFor } from '../../source/wizard/wizard-selectors.js';
import { buildDraftTopology } from '../../source/wizard/wizard-topology.js';
import {
  initialWizardState,
  wizardReducer,
  type HostDraft,
  type WizardState,
} from '../../source/wizard/wizard-state.js';
import { keys } from '../helpers/keys.js';
import { render } from '../helpers/render.js';

type Spies = {
  onTest: (id: number) => void;
  onSubmit: () => void;
  seen: (hosts: readonly HostDraft[]) => void;
};

/** HostsStep wired to the real reducer, as the wizard wires it. */
function Harness({
  start,
  tests = {},
  spies,
  size,
}: {
  start: WizardState;
  tests?: Record<number, HostTest>;
  spies: Spies;
  size?: { width: number; height: number };
}) {
  const [state, dispatch] = useReducer(wizardReducer, start);
  spies.seen(state.hosts);
  return (
    <HostsStep
      mode={state.mode}
      hosts={state.hosts}
      nextHostId={state.nextHostId}
      findings={findingsFor(assessWizard(state), 'hosts')}
      tests={tests}
      isActive
      {...size}
      onAdd={() => dispatch({ type: 'addHost' })}
      onChange={(id, changes) => dispatch({ type: 'updateHost', id, changes })}
      onRemove={(id) => dispatch({ type: 'removeHost', id })}
      onAddHosts={(at, addresses) => dispatch({ type: 'addHosts', at, addresses })}
      onTest={spies.onTest}
      onSubmit={spies.onSubmit}
    />
  );
}

function setup(mode: 'ha' | 'single' = 'ha', tests: Record<number, HostTest> = {}, user = 'root') {
  let hosts: readonly HostDraft[] = [];
  const spies = { onTest: vi.fn(), onSubmit: vi.fn(), seen: (h: readonly HostDraft[]) => (hosts = h) };
  const start = wizardReducer(initialWizardState({ user }), { type: 'selectMode', mode });
  const screen = render(<Harness start={start} tests={tests} spies={spies} />);
  return { screen, spies, hosts: () => hosts };
}

describe('HostsStep', () => {
  it('opens the editor for the first host and keeps every keystroke', async () => {
    const { screen, hosts } = setup();
    await screen.waitFor('Host P1');
    screen.press(
      '10.0.0.80',
      keys.tab,
      '203.0.113.7',
      keys.tab,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      keys.backspace,
      'deploy',
      keys.tab,
      '2222',
    );
    await screen.waitFor('2222');
    expect(hosts()[0]).toMatchObject({
      address: '10.0.0.80',
      sshAddress: '203.0.113.7',
      user: 'deploy',
      port: '2222',
      auth: 'agent',
    });
  });

  it('shows a validation message next to the field that causes it', async () => {
    const { screen } = setup();
    await screen.waitFor('Host P1');
    screen.press(keys.tab, keys.tab, keys.tab, '99999');
    await screen.waitFor('✗ an SSH port is 1–65535');
    screen.press(keys.shiftTab, keys.shiftTab, keys.shiftTab, '10.0.0.80 x');
    await screen.waitFor('✗ an address has no spaces');
  });

  it('asks for the key file or the password only with that method, and masks the password', async () => {
    const { screen, hosts } = setup('single');
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.down, keys.down, keys.down, keys.down, keys.right);
    await screen.waitFor('Key file');
    screen.press(keys.right);
    await screen.waitFor('Password');
    screen.press(keys.down, 'pa?ss');
    await screen.waitFor('•••••');
    expect(screen.frame()).not.toContain('pa?ss');
    expect(hosts()[0]).toMatchObject({ auth: 'password', password: 'pa?ss' });
  });

  it('saves with Enter on the last field, tests the host, and lists it', async () => {
    const { screen, spies } = setup('single', {
      1: { status: 'ok', message: 'connected as root in 0.1 s: Linux 6.1.0' },
    });
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.enter, keys.enter, keys.enter, keys.enter, keys.enter, keys.enter);
    const frame = await screen.waitFor('Continue →');
    expect(frame).toMatch(
      /P1 10\.0\.0\.80 +root@10\.0\.0\.80:22 +agent +✓ connected as root in 0\.1 s: Linux 6\.1\.0/,
    );
    expect(spies.onTest).toHaveBeenCalledWith(1);
  });

  it('shows a failed test with its fix for the selected host', async () => {
    const { screen } = setup('single', {
      1: { status: 'failed', message: 'P1 (root@10.0.0.80:22): connection refused', fix: 'start sshd' },
    });
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.escape);
    const frame = await screen.waitFor('fix: start sshd');
    expect(frame).toMatch(/P1 10\.0\.0\.80 +root@10\.0\.0\.80:22 +agent +✗ connection refused\n/);
  });

  it('shows the whole of a failure too long for its row below the selected host', async () => {
    const long =
      'P1 (root@10.0.0.80:22): no answer within 8 s: a firewall drops the connection or the host is down; the end of this message matters';
    const { screen } = setup('single', { 1: { status: 'failed', message: long } });
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.escape);
    const frame = await screen.waitFor('the end of this message matters');
    // The row cuts it, without repeating the host and target the row shows already.
    expect(frame).toMatch(/agent +✗ no answer within 8 s: a firewall.*…\n/);
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'no answer within 8 s: a firewall drops the connection or the host is down; the end of this message matters',
    );
  });

  it('keeps the screen within 24 lines with 14 failing hosts, scrolling the list', async () => {
    let state = wizardReducer(initialWizardState({ user: 'root' }), { type: 'selectMode', mode: 'ha' });
    const tests: Record<number, HostTest> = {};
    for (let i = 0; i < 14; i++) {
      state = wizardReducer(state, { type: 'addHost' });
      const id = state.hosts[i]?.id ?? -1;
      state = wizardReducer(state, { type: 'updateHost', id, changes: { address: `10.0.0.${80 + i}` } });
      tests[id] = {
        status: 'failed',
        message: `P${i + 1} (root@10.0.0.${80 + i}:22): the connection was closed before SSH answered: port 22 is not an SSH server's, or sshd turned this machine away`,
        fix: 'check that port 22 is sshd’s (ssh.port), and that sshd accepts this machine (hosts.deny, fail2ban, AllowUsers, MaxStartups); try: ssh -p 22 root@10.0.0.80',
      };
    }
    const spies = { onTest: vi.fn(), onSubmit: vi.fn(), seen: () => undefined };
    const screen = render(
      <Harness start={state} tests={tests} spies={spies} size={{ width: 100, height: 24 }} />,
    );
    let frame = await screen.waitFor('turned this machine away');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).toContain('more');
    for (let i = 0; i < 13; i++) screen.press(keys.down);
    frame = await screen.waitFor((f) => /› P14 /.test(f));
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).toContain('MaxStartups');
  });

  it('adds, removes, and refuses to continue with too few servers for the mode', async () => {
    const { screen, spies, hosts } = setup('ha');
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.escape);
    await screen.waitFor('+ add a host');
    screen.press('a', '10.0.0.81', keys.escape);
    await screen.waitFor('10.0.0.81');
    const frame = await screen.waitFor('needs 3 or more');
    // The wizard's words, not the flags of `template`: the screen to go to, not `--mode`.
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'mode ha puts each controller on its own server and needs 3 or more; with 2 choose Pseudo-HA on Mode',
    );
    // d asks first: n keeps the host, y removes it.
    screen.press('d');
    await screen.waitFor('Remove host P2 (10.0.0.81)?');
    screen.press('n');
    await screen.waitFor((f) => !f.includes('Remove host'));
    expect(hosts().map((h) => h.address)).toEqual(['10.0.0.80', '10.0.0.81']);
    screen.press('d');
    await screen.waitFor('Remove host P2 (10.0.0.81)?');
    screen.press('y');
    await screen.waitFor((f) => !f.includes('10.0.0.81'));
    expect(hosts().map((h) => h.address)).toEqual(['10.0.0.80']);
    screen.press(keys.down, keys.down, keys.enter);
    await vi.waitFor(() => expect(spies.onSubmit).toHaveBeenCalledTimes(1));
  });

  it('takes text and Enter read together (a paste ending in a newline, a fast typist) as both', async () => {
    // No default user, so the typed one is the whole value (a default would be appended to).
    const { screen, hosts } = setup('single', {}, '');
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80\r\tadmin');
    await screen.waitFor((f) => /› SSH user +admin/.test(f));
    expect(hosts()[0]).toMatchObject({ address: '10.0.0.80', user: 'admin' });
  });

  it('Esc on a new host left blank removes it', async () => {
    const { screen, hosts } = setup('single');
    await screen.waitFor('Host P1');
    screen.press(keys.escape);
    await screen.waitFor('+ add a host');
    expect(hosts()).toEqual([]);
  });

  it('takes a deploy dir for one host, says what is wrong with a bad one, and keeps it', async () => {
    const { screen, hosts } = setup('single');
    await screen.waitFor('Host P1');
    // Address, SSH address, user, port, login method, then the deploy dir.
    screen.press('10.0.0.80', keys.down, keys.down, keys.down, keys.down, keys.down);
    await screen.waitFor('› Deploy dir');
    expect(screen.frame()).toContain('the deploy directory of Options');
    screen.press('data/ddb');
    await screen.waitFor('✗ Deploy dir is not absolute (start it with /); e.g. /data/dolphindb');
    screen.press(keys.ctrlU, '/data/my ddb');
    await screen.waitFor('✗ Deploy dir contains a space');
    screen.press(keys.ctrlU, '/data/ddb');
    await screen.waitFor((f) => /› Deploy dir +\/data\/ddb/.test(f) && !f.includes('✗'));
    screen.press(keys.escape);
    await screen.waitFor('+ add a host');
    expect(hosts()[0]?.deployDir).toBe('/data/ddb');
    screen.press(keys.enter);
    await screen.waitFor((f) => /Deploy dir +\/data\/ddb/.test(f));
    const state = { ...initialWizardState(), mode: 'single' as const, hosts: hosts() };
    expect(buildDraftTopology(state).topology?.hosts).toEqual([
      { name: 'P1', address: '10.0.0.80', deployDir: '/data/ddb' },
    ]);
  });

  it('t tests the selected host', async () => {
    const { screen, spies } = setup('single');
    await screen.waitFor('Host P1');
    screen.press('10.0.0.80', keys.escape);
    await screen.waitFor('not tested (t)');
    screen.press('t');
    await vi.waitFor(() => expect(spies.onTest).toHaveBeenCalledWith(1));
  });
});
