/**
 * Mode swarm on real Docker engines (seeds 000 and 004): each test host runs its own dockerd, the
 * stand-in server runs in an image built here offline (nothing can be pulled), and ddb-setup forms
 * the swarm, creates the overlay, sends the image, starts the containers, reports status and survives
 * the manager's host losing power. The hosts are restarted with Docker for this file only, and given
 * back as the global set-up made them.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDir, testLicence } from '../helpers/deploy-fixture.js';
import { startCli } from '../helpers/cli-process.js';
import { journalText } from '../helpers/journal-files.js';
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { buildStandInImage, loadImage, type StandInImage } from '../helpers/stand-in-image.js';
import { Terminal } from '../helpers/tmux.js';
import { startTestHosts, testHostsFrom, type TestHost, type TestHosts } from '../helpers/test-hosts.js';

const original = testHostsFrom(inject('testHosts'));
const dir = testDir('swarm');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const dataDir = '/ddbdocker';
let hosts: TestHosts;
let image: StandInImage;

beforeAll(async () => {
  assertBuilt();
  await original.stop({ keepKeys: true });
  hosts = await startTestHosts({ count: 3, docker: true });
  image = await buildStandInImage({ dockerHost: docker(hosts.host(1)) });
  // Every host starts without the image: ddb-setup brings it.
  await hosts.exec(hosts.host(1), ['docker', 'image', 'rm', image.image]);
}, 180_000);

afterAll(async () => {
  image?.remove();
  await hosts?.stop({ keepKeys: true });
  await startTestHosts({ count: original.hosts.length, docker: original.docker });
}, 120_000);

function docker(host: TestHost): string {
  if (!host.dockerHost) throw new Error(`${host.name} has no Docker engine`);
  return host.dockerHost;
}

/** Seed 000's shape: 3 controllers, and on each host an agent with two data nodes. */
function writeTopology(name: string, options: { archive?: boolean; raftTick?: boolean } = {}): string {
  const [h1, h2, h3] = hosts.hosts;
  const result = runCli([
    'template',
    '--mode',
    'swarm',
    '--name',
    name,
    '--hosts',
    [h1, h2, h3].map((host) => host?.address).join(','),
    '--ssh-user',
    'root',
    '--identity-file',
    h1?.identityFile ?? '',
    '--license',
    testLicence(dir),
  ]);
  if (result.status !== 0) throw new Error(`template failed: ${result.stderr}`);
  const doc = parseDocument(result.stdout);
  doc.setIn(['swarm', 'image'], image.image);
  doc.setIn(['swarm', 'dataDir'], dataDir);
  if (options.archive !== false) doc.setIn(['swarm', 'imageArchive'], image.archive);
  // Elections in about a second instead of 8–16 s (facts §2.6).
  doc.setIn(['config', 'controller', 'raftElectionTick'], 100);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

type Report = { ok: boolean; steps: { id: string; state: string; failure?: { message: string } }[] };

async function deploy(file: string, extraEnv: Record<string, string> = {}) {
  const run = startCli(
    ['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile, '--format', 'json'],
    { ...env, ...extraEnv },
  );
  const result = await run.done;
  return { ...result, report: JSON.parse(result.stdout || '{}') as Report };
}

/** The failed steps of a report, for an assertion's message. */
function failures(report: Report): string {
  return JSON.stringify(
    report.steps?.filter((step) => step.failure),
    null,
    1,
  );
}

type Status = {
  leader: string | null;
  unreachable: { host: string; reason: string }[];
  nodes: { host: string; alias: string; state: string }[];
  swarm?: { host: string; state: string; availability: string; manager: string }[];
};
function status(file: string): Status & { code: number; stderr: string } {
  const result = runCli(['status', '-f', file, '--known-hosts', hosts.knownHostsFile, '--format', 'json'], {
    env,
  });
  if (result.stdout.trim() === '')
    throw new Error(`status printed nothing (exit ${result.status}):\n${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as Status), code: result.status, stderr: result.stderr };
}

/** Containers, the swarm, the image and the data directory gone (the swarm kept with keepSwarm). */
async function clean(host: TestHost, options: { keepSwarm?: boolean } = {}): Promise<void> {
  const leave = options.keepSwarm ? '' : 'docker swarm leave --force >/dev/null 2>&1;';
  await hosts.exec(host, [
    'sh',
    '-c',
    `docker rm -f $(docker ps -aq) >/dev/null 2>&1; ${leave} docker image rm -f ${image.image} >/dev/null 2>&1; rm -rf ${dataDir}; true`,
  ]);
}

/** Each of the host's deployment containers with its overlay address. */
async function containerAddresses(host: TestHost): Promise<string> {
  const format = '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}';
  const result = await hosts.exec(host, [
    'docker',
    'inspect',
    '--format',
    format,
    'ddb_controller1',
    'ddb_agent1',
  ]);
  expect(result.stdout).toMatch(/ddb_controller1 10\.5\.0\.\d+/);
  return result.stdout;
}

/** Every file under a directory of the machine, as text (for secrets). */
function allText(path: string): string {
  try {
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
  } catch {
    return '';
  }
}

describe('mode swarm', { timeout: 240_000 }, () => {
  it("seed 000's shape from empty hosts: swarm, overlay, image sent, every node up; a second deploy changes nothing", async () => {
    const file = writeTopology('ddb');
    const first = await deploy(file);
    expect(first.status, first.stderr).toBe(0);
    expect(first.report.ok, failures(first.report)).toBe(true);
    // The image went to every host from swarm.imageArchive (they cannot pull: no network).
    expect(allText(dir).match(/loaded from stand-in-image\.tar/g)).toHaveLength(3);

    const seen = status(file);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.nodes).toHaveLength(12);
    expect(seen.nodes.filter((node) => node.state !== 'up')).toEqual([]);
    expect(seen.leader).toMatch(/^controller[123]$/);
    // Each host's membership as `docker node ls` on the manager reports it (seed 004).
    expect(seen.swarm?.map((node) => [node.host, node.state, node.availability])).toEqual([
      ['P1', 'ready', 'active'],
      ['P2', 'ready', 'active'],
      ['P3', 'ready', 'active'],
    ]);

    // Docker's own endpoints on the overlay took addresses of the --ip-range, away from the fixed
    // container addresses (test-hosts §3e: without it the second host's container cannot start).
    const [h1, h2, h3] = hosts.hosts as [TestHost, TestHost, TestHost];
    for (const host of [h1, h2, h3]) {
      const inspect = await hosts.exec(host, [
        'docker',
        'network',
        'inspect',
        '--format',
        '{{range .IPAM.Config}}{{.IPRange}} {{.Gateway}}{{end}}|{{range $id, $c := .Containers}}{{$c.Name}}={{$c.IPv4Address}} {{end}}',
        'ddb_overlay',
      ]);
      const [range, members = ''] = inspect.stdout.trim().split('|');
      expect(range).toBe('10.5.255.0/24 10.5.0.1');
      for (const member of members.trim().split(' ')) {
        const [name = '', address = ''] = member.split('=');
        if (/^ddb_(controller|agent)\d$/.test(name)) expect(address).toMatch(/^10\.5\.0\.[2-7]\/16$/);
        else expect(address).toMatch(/^10\.5\.255\.\d+\/16$/);
      }
    }

    // `docker exec` runs inside the container, not in the machine's root filesystem (the harness
    // enters each host's disk with pivot_root; with chroot this file appeared on the machine).
    const probe = `/ddbt-exec-probe-${process.pid}`;
    await hosts.exec(h1, ['docker', 'exec', 'ddb_controller1', 'sh', '-c', `echo inside > ${probe}`]);
    expect((await hosts.exec(h1, ['docker', 'exec', 'ddb_controller1', 'cat', probe])).stdout).toBe(
      'inside\n',
    );
    expect(existsSync(probe)).toBe(false);

    const second = await deploy(file);
    expect(second.report.ok, second.stderr).toBe(true);
    expect(second.report.steps.filter((step) => step.state !== 'unchanged').map((step) => step.id)).toEqual([
      'verify',
    ]);

    // The join token is a secret: not in the output, the journal, or the hosts' shell history.
    const printed = first.stdout + first.stderr + second.stdout + second.stderr;
    expect(printed).not.toMatch(/SWMTKN-1-[0-9a-z]{10}/);
    const journal = allText(dir);
    expect(journal).toContain('docker swarm join --token');
    expect(journal).not.toMatch(/SWMTKN-1-[0-9a-z]{10}/);
    for (const host of [h2, h3]) {
      const history = await hosts.exec(host, [
        'sh',
        '-c',
        'cat /root/.bash_history /root/.ash_history /root/.sh_history /root/.history 2>/dev/null; true',
      ]);
      expect(history.stdout).not.toContain('SWMTKN');
    }
  });

  it('the manager powered off: status names the down host and the new leader; after boot, deploy restores its containers on the same addresses', async () => {
    const file = join(dir, 'ddb.yaml');
    const [h1] = hosts.hosts as [TestHost];
    const before = await containerAddresses(h1);
    await hosts.powerOff(h1);
    // Poll until the two remaining controllers have elected a new leader.
    let seen = status(file);
    const deadline = Date.now() + 60_000;
    while ((seen.leader === null || seen.leader === 'controller1') && Date.now() < deadline)
      seen = status(file);
    expect(seen.code).not.toBe(0);
    expect(seen.leader).toMatch(/^controller[23]$/);
    const onP1 = seen.nodes.filter((node) => node.host === 'P1');
    expect(onP1.length).toBe(4);
    for (const node of onP1) expect(node.state).not.toBe('up');
    expect(seen.unreachable.map((u) => u.host)).toEqual(['P1']);

    await hosts.boot(h1);
    const again = await deploy(file);
    expect(again.status, again.stderr).toBe(0);
    expect(again.report.ok, failures(again.report)).toBe(true);
    const after = await containerAddresses(h1);
    expect(after).toBe(before);
    const up = status(file);
    expect(up.nodes.filter((node) => node.state !== 'up')).toEqual([]);
  });

  it('stop is graceful and start brings the cluster back; --node stops one container', async () => {
    const file = join(dir, 'ddb.yaml');
    const known = ['--known-hosts', hosts.knownHostsFile];
    const one = runCli(['stop', '-f', file, '--node', 'controller3', ...known], { env });
    expect(one.status, one.stderr).toBe(0);
    const [, , h3] = hosts.hosts as [TestHost, TestHost, TestHost];
    const stopped = await hosts.exec(h3, [
      'docker',
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.ExitCode}}',
      'ddb_controller3',
    ]);
    // SIGTERM reached the node, which exited by itself (Docker's SIGKILL would give 137).
    expect(stopped.stdout.trim()).toBe('exited 0');
    const all = runCli(['stop', '-f', file, ...known], { env });
    expect(all.status, all.stderr).toBe(0);
    for (const host of hosts.hosts) {
      const running = await hosts.exec(host, ['docker', 'ps', '-q', '--filter', 'name=^ddb_']);
      expect(running.stdout.trim()).toBe('');
    }
    const start = runCli(['start', '-f', file, ...known], { env });
    expect(start.status, start.stderr).toBe(0);
    expect(status(file).nodes.filter((node) => node.state !== 'up')).toEqual([]);
  });

  it("without an archive, hosts that cannot pull get the image from this machine's own Docker", async () => {
    await Promise.all(hosts.hosts.map((host) => clean(host, { keepSwarm: true })));
    const [h1] = hosts.hosts as [TestHost];
    // "This machine's Docker" is h1's engine here: the image is loaded there, and ddb-setup's own
    // `docker save` reaches it through DOCKER_HOST. h2 and h3 have not got it and cannot pull.
    await loadImage(docker(h1), image.archive);
    const file = writeTopology('local', { archive: false });
    const run = await deploy(file, { DOCKER_HOST: docker(h1) });
    expect(run.report.ok, run.stderr + failures(run.report)).toBe(true);
    const journal = journalText(dir, 'local');
    expect(journal).toContain('cannot pull ddbsetup/stand-in:v2.00.11.3');
    expect(journal).toContain('sent from this machine');
    const images = run.report.steps.filter((step) => step.id.endsWith('/image')).map((step) => step.state);
    expect(images).toEqual(['unchanged', 'done', 'done']);
  });
  it('the wizard deploys swarm in a real terminal: pre-flight, a pane per host, the results', async () => {
    await Promise.all(hosts.hosts.map((host) => clean(host, { keepSwarm: true })));
    const file = writeTopology('wswarm');
    const terminal = new Terminal({
      args: ['wizard', '-f', file, '--known-hosts', hosts.knownHostsFile],
      cwd: dir,
      columns: 100,
      rows: 30,
      env,
    });
    try {
      await terminal.waitFor('Cluster wswarm · swarm');
      terminal.keys('Enter');
      await terminal.waitFor('deploy now?');
      terminal.keys('y');
      // The pre-flight check warns (the engines' open-files limit is below 65536): Enter goes on.
      await terminal.waitFor('Enter deploys anyway', 60_000);
      terminal.keys('Enter');
      const results = await terminal.waitFor('Deployed and verified.', 180_000);
      expect(results).toMatch(/Web console +http:\/\/10\.250\.0\.1[123]:890[123] controller\d, leader/);
    } finally {
      terminal.kill();
    }
  });
  it('refuses, untouched, a host already in another swarm and a published port in use', async () => {
    await Promise.all(hosts.hosts.map((host) => clean(host)));
    const [, h2, h3] = hosts.hosts as [TestHost, TestHost, TestHost];
    await hosts.exec(h3, ['docker', 'swarm', 'init', '--advertise-addr', h3.address]);
    await hosts.occupyPort(h2, 8810);
    try {
      const file = writeTopology('faults');
      const run = await deploy(file);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/P3 +docker +it is in another swarm/);
      expect(run.stderr).toMatch(/P2 +port +8810 \(agent2\) is already in use/);
      // Nothing changed: h3 still manages its own swarm, no host got the data directory.
      const own = await hosts.exec(h3, [
        'docker',
        'info',
        '--format',
        '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}',
      ]);
      expect(own.stdout.trim()).toBe('active true');
      for (const host of hosts.hosts) {
        const listed = await hosts.exec(host, ['sh', '-c', `ls ${dataDir} 2>&1 || true`]);
        expect(listed.stdout).toContain('No such file');
      }
    } finally {
      await hosts.releasePort(h2, 8810);
      await clean(h3);
    }
  });
});
