/**
 * `ddb-setup status` and `ddb-setup admin-password` end to end, against a cluster ddb-setup rendered
 * (template + render, on 127.0.0.1, so no SSH) running on the stand-in: the default-password warning,
 * the change on the leader, the data node accepting the new password, and `stop` failing fast, naming
 * --admin-password-stdin, until it is given the password. No password may reach an output or the
 * journal. Needs the built program (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changePasswordFromWizard } from '../../source/app/wizard-admin-password.js';
import { loadTopology } from '../../source/model/parse-topology.js';
import { ask, logsIn, rows } from './client.js';
import { adoptFromLog, agentLog, standInSuite, waitFor } from './harness.js';
import { renderedCluster, requireBuiltCli } from './rendered-cluster.js';

const secret = 'N3w-Secret!pw';

requireBuiltCli();
standInSuite();

/** A cluster (controller, agent, data node) on consecutive ports, rendered by ddb-setup and started. */
async function startCluster() {
  const { topology, files, run, config, base, path } = await renderedCluster('cluster', 3);
  const env = { ...process.env, PATH: path };
  for (const s of files.filter((f) => f.kind === 'start.sh')) {
    execFileSync('sh', [s.path], { env, stdio: 'pipe' });
    const log = join(s.path, '..', 'log', `${s.node}.log`);
    await adoptFromLog(log);
    if (s.node?.startsWith('agent')) agentLog(log);
  }
  // datanodeRestartInterval in the rendered controller.cfg: the controller starts the data node.
  await waitFor(
    async () => {
      const perf = rows(await ask('127.0.0.1', base, 'getClusterPerf(true)'));
      return perf.length > 0 && perf.every((r) => r['state'] === 1) ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'every node up' },
  );
  return { topology, run, config, controllerPort: base, dataNodePort: base + 2 };
}

describe('admin-password and the default-password warning', () => {
  it('status warns, admin-password changes it on the leader, stop then needs the password', async () => {
    const { topology, run, config, dataNodePort } = await startCluster();

    const before = run(['status', '-f', topology, '--format', 'json']);
    expect(before.status, before.out).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ defaultAdminPassword: true });
    const beforeText = run(['status', '-f', topology]).out;
    expect(beforeText).toContain('3 of 3 nodes up');
    expect(beforeText).toContain(`Change it: ddb-setup admin-password -f ${topology}`);

    // No terminal and no --new-password-stdin: nothing to ask on.
    const noTerminal = run(['admin-password', '-f', topology]);
    expect(noTerminal.status).toBe(2);
    expect(noTerminal.out).toContain('--new-password-stdin');
    expect(run(['admin-password', '-f', topology, '--new-password-stdin'], '123456\n').status).toBe(2);

    const changed = run(['admin-password', '-f', topology, '--new-password-stdin'], `${secret}\n`);
    expect(changed.status, changed.out).toBe(0);
    expect(changed.out).toMatch(/admin password of cluster \S+ is changed \(on controller\S*\)/);

    const after = run(['status', '-f', topology, '--format', 'json']);
    expect(JSON.parse(after.out)).toMatchObject({ defaultAdminPassword: false });
    const afterText = run(['status', '-f', topology]).out;
    expect(afterText).toContain('3 of 3 nodes up');
    expect(afterText).not.toContain('admin-password');
    // The data node asks the controller: the new password holds there too.
    expect(await logsIn('127.0.0.1', dataNodePort, '123456')).toBe(false);
    expect(await logsIn('127.0.0.1', dataNodePort, secret)).toBe(true);

    // stopDataNode needs admin: without the password (and no terminal) stop fails at once, naming the flag.
    const started = Date.now();
    const refused = run(['stop', '-f', topology]);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('--admin-password-stdin');
    expect(Date.now() - started).toBeLessThan(30_000);

    const stopped = run(['stop', '-f', topology, '--admin-password-stdin'], `${secret}\n`);
    expect(stopped.status, stopped.out).toBe(0);

    const journals = readdirSync(config, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.jsonl'),
    );
    expect(journals.length).toBeGreaterThan(0);
    for (const output of [changed.out, refused.out, stopped.out]) expect(output).not.toContain(secret);
    for (const journal of journals) expect(readFileSync(join(config, journal), 'utf8')).not.toContain(secret);
  }, 120_000);

  it("the wizard's change: refused entries, changed, then 'not-default' once 123456 is refused", async () => {
    const { topology, config, controllerPort } = await startCluster();
    const loaded = loadTopology(readFileSync(topology, 'utf8')).topology;
    if (!loaded) throw new Error('the template did not load');
    const change = (newPassword: string) =>
      changePasswordFromWizard(loaded, {
        passwords: new Map(),
        newPassword,
        currentPassword: '123456',
        knownHostsFile: join(config, 'known_hosts'),
      });
    expect(await change('has space')).toMatchObject({ outcome: 'failed' });
    expect(await change(secret)).toMatchObject({
      outcome: 'changed',
      message: expect.stringMatching(/^Changed on controller1/),
    });
    expect(await change('Another-pw2')).toMatchObject({ outcome: 'not-default' });
    expect(await logsIn('127.0.0.1', controllerPort, secret)).toBe(true);
  }, 120_000);
});
