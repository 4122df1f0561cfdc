/**
 * `destroy` on real test hosts with the stand-in package, run as the built program: the cluster's
 * name must be typed (on a terminal `--yes` does not answer it; without one `--confirm NAME` is
 * required, a wrong one refused with nothing changed); every process stops; what ddb-setup created
 * goes, data stays unless `--data`, a file it did not create stays; afterwards `check` finds each
 * host as it found it fresh; a second destroy has nothing to do and says so; a host that cannot be
 * reached is named and a later destroy finishes it; the cluster lock is held while it runs.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import {
  resetHosts,
  standInPackage,
  testDeployDir,
  testDir,
  writeTestTopology,
} from '../helpers/deploy-fixture.js';
import { assertBuilt, hasStackTrace, runCli } from '../helpers/run-cli.js';
import { testHostsFrom, type TestHost } from '../helpers/test-hosts.js';
import { Terminal } from '../helpers/tmux.js';

const hosts = testHostsFrom(inject('testHosts'));
const [h1, h2, h3] = [hosts.host(1), hosts.host(2), hosts.host(3)];
const all = [h1, h2, h3];
const dir = testDir('destroy');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const known = ['--known-hosts', hosts.knownHostsFile];
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir);
});
afterAll(() => resetHosts(hosts));

/** A cluster-mode topology over the three hosts (controller on P1, an agent and data node each). */
function topology(name: string): string {
  return writeTestTopology(dir, name, { mode: 'cluster', hosts: all, packageFile });
}

async function deploy(file: string): Promise<void> {
  const result = await startCli(['deploy', '-f', file, '--yes', ...known], env).done;
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

function destroy(file: string, ...extra: string[]) {
  return startCli(['destroy', '-f', file, ...known, ...extra], env).done;
}

/** The aliases of the DolphinDB processes running on a host, from `ps` (each logs to <alias>.log). */
async function running(host: TestHost): Promise<string[]> {
  const ps = await hosts.exec(host, ['ps', '-eo', 'args']);
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(`${testDeployDir}/`))
    .map((line) => /-logFile \S*\/([^/\s]+)\.log/.exec(line)?.[1])
    .filter((alias): alias is string => alias !== undefined)
    .sort();
}

/** Every path under the deploy directory of a host, relative to it, each with its type (f, d). */
async function tree(host: TestHost): Promise<string[]> {
  const found = await hosts.exec(host, [
    'sh',
    '-c',
    `[ -d ${testDeployDir} ] && find ${testDeployDir} -mindepth 1 -printf '%P %y\\n' | sort`,
  ]);
  return found.stdout.split('\n').filter((line) => line !== '');
}

/** Only the paths of tree(). */
const paths = (lines: readonly string[]) => lines.map((line) => line.split(' ')[0] ?? '');
/** Only the files of tree(). */
const files = (lines: readonly string[]) => paths(lines.filter((line) => line.endsWith(' f')));

type Finding = { level: string; host: string | null; check: string; message: string };

/** What `check` finds that is not ok, per host and check (messages carry free space: left out). */
function checkFindings(file: string): { status: number; notOk: string[] } {
  const result = runCli(['check', '-f', file, ...known, '--format', 'json'], { env });
  const report = JSON.parse(result.stdout) as { findings: Finding[] };
  return {
    status: result.status,
    notOk: report.findings
      .filter((f) => f.level !== 'ok')
      .map((f) => `${f.level} ${f.host ?? 'all'} ${f.check}`)
      .sort(),
  };
}

/** Paths ddb-setup writes or unpacks (and the applied topology deploy records), relative to the cluster directory `name`. */
const ddbSetupOwn = (name: string) =>
  new RegExp(
    `^${name}/(server(/|$)|\\.ddb-setup-topology\\.yaml$|nodes/[^/]+/(config(/|$)|start\\.sh|stop\\.sh))`,
  );

describe('destroy', { timeout: 600_000 }, () => {
  it('refuses without a terminal unless --confirm names the cluster, changing nothing; then destroys, keeping data and a file it did not create; check passes as fresh; again: nothing to do', async () => {
    await resetHosts(hosts);
    const file = topology('gone');
    const fresh = checkFindings(file);
    expect(fresh.status, fresh.notOk.join('\n')).toBe(0);
    await deploy(file);
    // A file of the user's, in the cluster directory ddb-setup made.
    await hosts.exec(h1, ['sh', '-c', `echo mine > ${testDeployDir}/gone/notes.txt`]);
    const before = await Promise.all(all.map(tree));
    const up = await Promise.all(all.map(running));
    expect(up.flat().length).toBeGreaterThan(3);

    for (const refused of [
      { args: [], says: 'add --confirm NAME (--confirm gone)' },
      { args: ['--yes'], says: 'add --confirm NAME (--confirm gone)' },
      { args: ['--confirm', 'gone2', '--data'], says: "--confirm gone2 is not this cluster's name" },
    ]) {
      const result = await destroy(file, ...refused.args);
      expect(result.status, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain(refused.says);
      expect(result.stderr).toContain('nothing was changed');
      expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    }
    expect((await Promise.all(all.map(tree))).map(files)).toEqual(before.map(files));
    expect(await Promise.all(all.map(running))).toEqual(up);

    const result = await destroy(file, '--confirm', 'gone');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    // What it will do, per host, before doing it; then what it removed, per host.
    expect(result.stdout).toMatch(/ {2}P1:\n {4}stop {5}.*controller1/);
    expect(result.stdout).toContain(`P1: removed ${testDeployDir}/gone/nodes/agent1/start.sh`);
    expect(result.stdout).toContain(`P2: removed ${testDeployDir}/gone/server/2.00.11.3`);
    expect(result.stdout).toContain('✓ cluster gone destroyed on 3 hosts; its data is kept');
    for (const [index, host] of all.entries()) {
      expect(await running(host)).toEqual([]);
      const after = await tree(host);
      // Nothing ddb-setup wrote is left; every other file (data, logs, the user's file) is.
      expect(paths(after).filter((path) => ddbSetupOwn('gone').test(path))).toEqual([]);
      const others = files(before[index] ?? []).filter(
        (path) => !ddbSetupOwn('gone').test(path) && !path.endsWith('dolphindb.pid'),
      );
      expect(others.length).toBeGreaterThan(1);
      expect(files(after)).toEqual(expect.arrayContaining(others));
    }
    expect(paths(await tree(h1))).toContain('gone/notes.txt');

    const checked = checkFindings(file);
    expect(checked).toEqual(fresh);

    const again = await destroy(file, '--confirm', 'gone');
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('✓ nothing to destroy: cluster gone has no process running');
    expect(again.stdout).not.toMatch(/removed /);
  });

  it('--data deletes the data too: the hosts are as fresh, but for a file it did not create', async () => {
    await resetHosts(hosts);
    const file = topology('wiped');
    const fresh = checkFindings(file);
    await deploy(file);
    await hosts.exec(h2, ['sh', '-c', `echo mine > ${testDeployDir}/wiped/notes.txt`]);
    const result = await destroy(file, '--confirm', 'wiped', '--data');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`DELETE   data: ${testDeployDir}/wiped/nodes/controller1`);
    expect(result.stdout).toContain(`P1: removed ${testDeployDir}/wiped/nodes/controller1`);
    expect(paths(await tree(h1))).toEqual([]);
    expect(paths(await tree(h3))).toEqual([]);
    // The user's file stays, and so does its directory, still known as ddb-setup's.
    expect(await tree(h2)).toEqual(['wiped d', 'wiped/.ddb-setup f', 'wiped/notes.txt f']);
    expect(checkFindings(file)).toEqual(fresh);
  });

  it('names a host it cannot reach, destroys the rest, and a later destroy finishes it', async () => {
    await resetHosts(hosts);
    const file = topology('halfway');
    await deploy(file);
    const onH3 = await tree(h3);
    await hosts.cut(h3);
    try {
      const result = await destroy(file, '--confirm', 'halfway', '--format', 'json');
      expect(result.status, result.stdout + result.stderr).toBe(1);
      const report = JSON.parse(result.stdout) as {
        ok: boolean;
        hosts: Record<string, string[]>;
        steps: { id: string; state: string; failure?: { message: string } }[];
      };
      expect(report.hosts['P2']).toContain(`removed ${testDeployDir}/halfway/nodes/agent2/stop.sh`);
      expect(report.hosts['P3']).toBeUndefined();
      const h3Removal = report.steps.find((step) => step.id === 'P3/remove');
      expect(h3Removal?.state).toBe('failed');
      expect(h3Removal?.failure?.message).toMatch(
        /^nothing removed on P3: P3 \(root@10\.250\.0\.13:22\): no answer/,
      );
      expect(report.steps.find((step) => step.id === 'P1/remove')?.state).toBe('done');
      expect(report.steps.find((step) => step.id === 'P2/remove')?.state).toBe('done');
      expect(await running(h1)).toEqual([]);
      expect(paths(await tree(h3))).toEqual(paths(onH3));
    } finally {
      await hosts.restore(h3);
    }
    // The controller is gone now: what still runs on P3 (its data node) is stopped on P3 itself.
    expect(await running(h3)).toContain('datanode3');
    const again = await destroy(file, '--confirm', 'halfway');
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('no leader: those still running are stopped on their hosts');
    expect(again.stdout).toContain(`P3: removed ${testDeployDir}/halfway/nodes/agent3/start.sh`);
    expect(again.stdout).toMatch(/✓ \[P1\] remove what ddb-setup created in .*: unchanged/);
    expect(await running(h3)).toEqual([]);
  });

  it('on a terminal asks for the name even with --yes, holding the cluster lock meanwhile; a wrong name changes nothing, the right one destroys', async () => {
    await resetHosts(hosts);
    const file = topology('typed');
    await deploy(file);
    const before = await Promise.all(all.map(tree));
    const prompt = "Type the cluster's name (typed) to destroy it:";
    const wrong = new Terminal({
      args: ['destroy', '-f', file, '--yes', ...known],
      cwd: dir,
      columns: 160,
      rows: 50,
      env,
    });
    try {
      await wrong.waitFor(prompt, 60_000);
      // While it waits for the name, the cluster is locked: another run is refused at once.
      const other = await destroy(file, '--confirm', 'typed');
      expect(other.status, other.stdout + other.stderr).toBe(4);
      expect(other.stderr).toMatch(/another run acts on this cluster: `destroy` by .*nothing was changed/);
      wrong.type('type');
      wrong.keys('Enter');
      await wrong.waitFor('EXIT=1', 30_000);
      expect(wrong.capture()).toContain('"type" is not typed: nothing was changed');
    } finally {
      wrong.kill();
    }
    expect((await Promise.all(all.map(tree))).map(paths)).toEqual(before.map(paths));

    const right = new Terminal({
      args: ['destroy', '-f', file, '--yes', ...known],
      cwd: dir,
      columns: 160,
      rows: 50,
      env,
    });
    try {
      await right.waitFor(prompt, 60_000);
      right.type('typed');
      right.keys('Enter');
      await right.waitFor('EXIT=0', 120_000);
      expect(right.capture()).toContain('cluster typed destroyed on 3 hosts');
    } finally {
      right.kill();
    }
    for (const host of all) expect(await running(host)).toEqual([]);
  });
});
