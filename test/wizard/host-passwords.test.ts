/** The wizard hands the engine the password typed for each host, by the topology's host name. */
import { describe, expect, it } from 'vitest';
import { templateTopology } from '../../source/model/template-topology.js';
import { hostPasswords } from '../../source/wizard/wizard-selectors.js';
import type { HostDraft } from '../../source/wizard/wizard-state.js';

const topology = templateTopology({ mode: 'ha', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'] });

function draft(id: number, changes: Partial<HostDraft>): HostDraft {
  return {
    id,
    address: `10.0.0.${79 + id}`,
    sshAddress: '',
    user: 'root',
    port: '',
    auth: 'agent',
    identityFile: '',
    password: '',
    deployDir: '',
    ...changes,
  };
}

describe('hostPasswords', () => {
  it('gives each host the password typed for it; hosts with a key or ssh-agent get none', () => {
    const passwords = hostPasswords(
      [
        draft(1, { auth: 'password', password: 'first-secret' }),
        draft(2, { auth: 'key', identityFile: '~/.ssh/id_ed25519', password: 'ignored' }),
        draft(3, { auth: 'password', password: 'third-secret' }),
      ],
      topology,
    );
    expect([...passwords]).toEqual([
      ['P1', 'first-secret'],
      ['P3', 'third-secret'],
    ]);
  });

  it('leaves out a password method with nothing typed (the engine then reports the refused login)', () => {
    expect(hostPasswords([draft(1, { auth: 'password' })], topology).size).toBe(0);
  });
});
