/**
 * A disk that fills up while the package is being unpacked: the failure says so, the partial
 * unpack is removed at once, and once the space is freed the same command succeeds with no manual
 * step: its pre-flight check counts the archive the failed run left (reused, not sent again).
 *
 * The host's deploy directory is a tmpfs of a known size, so the numbers are exact: big enough for
 * the check (3 × the package + 1 GiB), then, once the upload has begun, a filler leaves room for
 * the archive but not for its unpacked copy.
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
import { assertBuilt, runCli } from '../helpers/run-cli.js';
import { testHostsFrom, waitFor } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const dir = testDir('deploy-disk-full');
const env = { DDB_SETUP_CONFIG_DIR: dir };
const known = ['--known-hosts', hosts.knownHostsFile];
const MiB = 1024 * 1024;
/** The package: a stored, incompressible padding makes its unpacked copy as big as the archive. */
const packageMiB = 256;
/** What the check asks for (3 × the package + 1 GiB), and a little more. */
const diskMiB = 3 * packageMiB + 1024 + 64;
let packageFile = '';

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir, '2.00.11.3', packageMiB * MiB);
});
afterAll(() => resetHosts(hosts, [h1]));

async function inHost(script: string): Promise<string> {
  const result = await hosts.exec(h1, ['sh', '-c', script]);
  if (result.code !== 0) throw new Error(`${script}: exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('a full disk during unpack', { timeout: 300_000 }, () => {
  it('fails clearly; after space is freed the same deploy succeeds, reusing the archive', async () => {
    await resetHosts(hosts, [h1]);
    await inHost(
      `mkdir -p ${testDeployDir} && mount -t tmpfs -o size=${diskMiB}m ddbt-small ${testDeployDir}`,
    );
    const file = writeTestTopology(dir, 'diskfull', { mode: 'single', hosts: [h1], packageFile });
    const archive = `${testDeployDir}/diskfull/server/${packageFile.split('/').pop()}`;
    const filler = `${testDeployDir}/filler`;

    const deploy = () => startCli(['deploy', '-f', file, '--yes', ...known], env);
    const first = deploy();
    // Once the upload has begun, leave room for the archive and half of its unpacked copy.
    await waitFor(
      async () => (await hosts.exec(h1, ['test', '-e', `${archive}.ddb-setup-part`])).code === 0,
      {
        timeoutMs: 120_000,
        intervalMs: 20,
        what: 'the upload to begin',
      },
    );
    await inHost(`fallocate -l ${diskMiB - Math.round(1.5 * packageMiB)}M ${filler}`);
    const failed = await first.done;
    expect(failed.status, failed.stdout).toBe(1);
    expect(failed.stderr).toMatch(
      /✗ \[P1\] unpack server 2\.00\.11\.3: unpacking \S+ on P1 failed: .*(disk full|No space left on device)/,
    );
    expect(failed.stderr).toContain('the partial unpack was removed, the archive kept');
    expect(failed.stderr).toContain('free space under');
    // The partial unpack gave its space back at once; the verified archive stays for the retry.
    expect(await inHost(`ls -A ${testDeployDir}/diskfull/server`)).toBe(`${archive.split('/').pop()}\n`);

    // Space freed: the same command, no manual step.
    await inHost(`rm -f ${filler}`);
    const check = runCli(['check', '-f', file, ...known], { env });
    expect(check.stdout + check.stderr).toMatch(
      /counted as free that an earlier run left: the package archive \(reused\) 256 MB/,
    );
    const again = await deploy().done;
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/✓ \[P1\] transfer \S+: unchanged \(already transferred\)/);
    expect(again.stdout).toMatch(/✓ \[P1\] unpack server 2\.00\.11\.3: done/);
    const status = runCli(['status', '-f', file, ...known, '--format', 'json'], { env });
    expect(status.status, status.stdout + status.stderr).toBe(0);
  });
});
