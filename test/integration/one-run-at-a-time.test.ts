/**
 * One run per cluster at a time, enforced on the hosts, and a journal that keeps what an
 * interrupted run did (issue: status/locking reliability, items 2 and 5). Real test hosts, the
 * built program, a package big enough that a transfer is under way when the test acts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRun } from '../../source/store/journal-read.js';
import type { JournalRun } from '../../source/store/journal-records.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { deployProcesses, transferUnderWay as underWay } from '../helpers/deploy-processes.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const dir = testDir('one-run');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const fastRaft = { controller: { raftElectionTick: 100 } };
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir, '2.00.11.3', 96 * 1024 * 1024);
});
afterAll(() => resetHosts(hosts));
const deploy = deployProcesses(hosts, env);

/** The journal runs of cluster `name`, oldest first. */
function journal(name: string): JournalRun[] {
  const root = join(dir, 'journals');
  return readdirSync(root)
    .filter((entry) => entry.startsWith(`${name}-`))
    .flatMap((entry) =>
      readdirSync(join(root, entry))
        .sort()
        .map((file) => readRun(join(root, entry, file))),
    )
    .filter((run): run is JournalRun => run !== undefined);
}

const transferUnderWay = (name: string) => underWay(h3, name, packageFile);

describe('one run per cluster at a time', { timeout: 240_000 }, () => {
  it('two deploys started together: one runs to the end, the other is refused at once, naming the holder', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'together', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const [a, b] = [deploy(file), deploy(file)];
    const results = await Promise.all([a.done, b.done]);
    const refused = results.findIndex((result) => result.status === 4);
    expect(refused, results.map((r) => `${r.status}: ${r.stderr}`).join('\n')).toBeGreaterThanOrEqual(0);
    const winner = results[1 - refused];
    const holderPid = (refused === 0 ? b : a).child.pid;
    expect(winner?.status, winner?.stderr).toBe(0);
    const loser = results[refused];
    expect(loser?.stderr).toMatch(
      new RegExp(
        `another run acts on this cluster: \`deploy\` by \\S+@\\S+, PID ${holderPid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(lock on P1\\)`,
      ),
    );
    expect(loser?.stderr).toContain('nothing was changed');
    // The refused run never reached the gate: no finding from the other's listeners.
    expect(loser?.stdout + (loser?.stderr ?? '')).not.toMatch(/cannot reach|pre-flight/);
  });

  it('a deploy started during another one’s transfer is refused at once; the first completes', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'midway', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const first = deploy(file);
    await transferUnderWay('midway');
    const second = await deploy(file).done;
    expect(second.status, second.stderr).toBe(4);
    expect(second.stderr).toContain(`PID ${first.child.pid}`);
    expect(second.stderr).not.toContain('disk full');
    const done = await first.done;
    expect(done.status, done.stderr).toBe(0);
    // Both runs are in the journal: neither rewrote the other's records.
    const deploys = journal('midway').filter((run) => run.command === 'deploy');
    expect(deploys.map((run) => run.end)).toEqual(['ok', 'failed']);
  });

  it('kill -9 mid-transfer: the journal keeps every command run, reads interrupted; the next deploy says where and finishes', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'killed', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const run = deploy(file);
    await transferUnderWay('killed');
    run.child.kill('SIGKILL');
    await run.done;
    const [killed] = journal('killed');
    expect(killed?.end).toBe('interrupted');
    const onP3 = killed?.commands.filter((c) => c.host === 'P3').map((c) => c.command) ?? [];
    // The directories it created and the upload it began are recorded.
    expect(onP3.some((c) => c.includes('mkdir') && c.includes(testDeployDir))).toBe(true);
    expect(onP3.some((c) => c.startsWith('# upload ') && c.includes('.zip'))).toBe(true);
    expect(killed?.steps.some((s) => s.state === 'running' && s.title.startsWith('transfer'))).toBe(true);

    // Its lock on the hosts is taken over at once (its process is gone), not waited out.
    const again = deploy(file);
    await again.waitForLine(
      /the last deploy \(started .*\) was interrupted at transfer .* on P\d.*; continuing/,
      30_000,
    );
    const result = await again.done;
    expect(result.status, result.stderr).toBe(0);
    expect(journal('killed').map((r) => r.end)).toEqual(['interrupted', 'ok']);
  });

  it('Ctrl-C mid-transfer: the run is recorded as interrupted, and the next deploy says so', async () => {
    await resetHosts(hosts);
    const file = writeTestTopology(dir, 'ctrlc', {
      mode: 'ha',
      hosts: [h1, h2, h3],
      packageFile,
      config: fastRaft,
    });
    const run = deploy(file);
    await transferUnderWay('ctrlc');
    run.child.kill('SIGINT');
    expect((await run.done).status).toBe(130);
    const [stopped] = journal('ctrlc');
    expect(stopped?.end).toBe('interrupted');
    expect(stopped?.finishedAt).toBeDefined();
    expect(stopped?.commands.some((c) => c.command.startsWith('# upload '))).toBe(true);
    const again = await deploy(file).done;
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/the last deploy \(started .*\) was interrupted at .*; continuing/);
  });
});
