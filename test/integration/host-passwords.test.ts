/**
 * Per-host SSH passwords on real hosts: each host's user has its own password, and the executors
 * log in to each with the password given for it (and are refused with another host's).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { executorsFor } from '../../source/app/executors-for.js';
import type { Topology } from '../../source/model/topology.js';
import { templateTopology } from '../../source/model/template-topology.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2] = [hosts.host(1), hosts.host(2)];
const user = 'ddbpw';
const secrets = { P1: 'h1-only-Secret', P2: 'h2-only-Secret' };

beforeAll(async () => {
  await hosts.addUser(h1, user, { password: secrets.P1 });
  await hosts.addUser(h2, user, { password: secrets.P2 });
});

function topology(): Topology {
  const base = templateTopology({ mode: 'cluster', addresses: [h1.address, h2.address] });
  return { ...base, ssh: { user } };
}

async function whoami(passwords: ReadonlyMap<string, string>): Promise<Record<string, string>> {
  const executors = executorsFor(topology(), { passwords });
  const seen: Record<string, string> = {};
  try {
    for (const [name, executor] of executors)
      seen[name] = await executor.exec('id -un; hostname').then(
        (result) => result.stdout.trim().replace('\n', '@'),
        (error: Error) => error.message,
      );
  } finally {
    await Promise.all([...executors.values()].map((executor) => executor.close()));
  }
  return seen;
}

describe('per-host SSH passwords', () => {
  it('log in to each host with its own password', async () => {
    expect(await whoami(new Map(Object.entries(secrets)))).toEqual({
      P1: `${user}@${h1.hostname}`,
      P2: `${user}@${h2.hostname}`,
    });
  });

  it("another host's password is refused, with the login named", async () => {
    const swapped = await whoami(
      new Map([
        ['P1', secrets.P2],
        ['P2', secrets.P1],
      ]),
    );
    expect(swapped['P1']).toMatch(/^P1 \(ddbpw@10\.250\.0\.11:22\): the login was refused/);
    expect(swapped['P2']).toMatch(/^P2 \(ddbpw@10\.250\.0\.12:22\): the login was refused/);
  });
});
