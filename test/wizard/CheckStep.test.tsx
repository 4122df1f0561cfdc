import { describe, expect, it, vi } from 'vitest';
import { App } from '../../source/app/App.js';
import type { CheckFinding } from '../../source/checks/finding.js';
import { initialWizardState } from '../../source/wizard/wizard-state.js';
import { fakeServices } from '../helpers/fake-services.js';
import { keys } from '../helpers/keys.js';
import { render, type Rendered } from '../helpers/render.js';
import { toPreview } from '../helpers/wizard-walk.js';

const portTaken: CheckFinding = {
  level: 'error',
  host: 'P2',
  check: 'port',
  message: '8800 (controller2) is already in use by another program',
  fix: "see which: ss -ltnp 'sport = :8800'; stop it, or give nodes[1].port another port",
};
const lowLimit: CheckFinding = {
  level: 'warning',
  host: 'P1',
  check: 'open-files',
  message: 'the open files limit is 20000; DolphinDB recommends 102400',
  fix: 'as root: …',
};
const passed: CheckFinding = { level: 'ok', host: 'P1', check: 'ssh', message: 'logged in as root' };

/** Through the wizard to Preview, then the deployment confirmed. */
async function confirmDeploy(screen: Rendered) {
  await toPreview(screen);
  screen.press(keys.enter);
  await screen.waitFor('deploy now?');
  screen.press('y');
}

function wizard(checks: readonly (readonly CheckFinding[])[]) {
  const services = fakeServices({ checks });
  const screen = render(
    <App services={services} initial={initialWizardState()} color={false} onExit={vi.fn()} />,
    { keys: false },
  );
  return { screen, services };
}

describe('Pre-flight check screen', () => {
  it('keeps a deployment with errors from starting, shows each fix, and deploys once a re-check passes', async () => {
    const { screen, services } = wizard([[portTaken, lowLimit, passed], [passed]]);
    await confirmDeploy(screen);
    await screen.waitFor('1 error stops the deployment; fix it and press r');
    expect(screen.lastFrame()).toContain('P2 port: 8800 (controller2) is already in use by another program');
    expect(screen.lastFrame()).toContain("fix: see which: ss -ltnp 'sport = :8800'");
    expect(screen.lastFrame()).toContain('P1 open-files');
    expect(screen.lastFrame()).not.toContain('logged in as root');
    screen.press(keys.enter);
    // Enter does nothing while an error stands: still on the check, nothing deployed.
    await screen.waitFor('r re-check');
    expect(services.calls.deployed).toHaveLength(0);
    screen.press('r');
    await screen.waitFor('Deployed and verified');
    expect(services.calls.checked).toHaveLength(2);
    expect(services.calls.deployed).toHaveLength(1);
  });

  it('wraps long messages and fixes instead of cutting them', async () => {
    const unreachable: CheckFinding = {
      level: 'error',
      host: 'P3',
      check: 'reachability',
      message:
        'from P1, ports 8802, 8803 and 8804 of P3 (10.0.0.82) do not answer: a firewall drops the connections between the two hosts, so the controllers and data nodes could not talk',
      fix: 'on P3 as root: firewall-cmd --permanent --add-port=8802-8804/tcp && firewall-cmd --reload   # or: ufw allow 8802:8804/tcp',
    };
    const { screen } = wizard([[unreachable, portTaken, passed]]);
    await confirmDeploy(screen);
    const frame = (await screen.waitFor('2 errors stop the deployment')).replace(/\s+/g, ' ');
    expect(frame).toContain(unreachable.message);
    expect(frame).toContain(`fix: ${(unreachable.fix ?? '').replace(/\s+/g, ' ')}`);
    expect(frame).not.toContain('…');
  });

  it('asks for Enter before deploying despite warnings', async () => {
    const { screen, services } = wizard([[lowLimit, passed]]);
    await confirmDeploy(screen);
    await screen.waitFor('1 warning: Enter deploys anyway');
    expect(services.calls.deployed).toHaveLength(0);
    screen.press(keys.enter);
    await screen.waitFor('Deployed and verified');
    expect(services.calls.deployed).toHaveLength(1);
  });

  it('goes straight on to Deploy when everything passed, and Esc from a failed check returns to Preview', async () => {
    const clean = wizard([[passed]]);
    await confirmDeploy(clean.screen);
    await clean.screen.waitFor('Deployed and verified');
    const blocked = wizard([[portTaken]]);
    await confirmDeploy(blocked.screen);
    await blocked.screen.waitFor('1 error stops the deployment; fix it and press r');
    blocked.screen.press(keys.escape);
    await blocked.screen.waitFor('topology file');
    expect(blocked.services.calls.deployed).toHaveLength(0);
  });
});
