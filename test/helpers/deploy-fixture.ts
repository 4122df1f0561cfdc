import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { runCli, projectRoot } from './run-cli.js';
import type { TestHost, TestHosts } from './test-hosts.js';

/** Where the tests deploy on a host; the hosts' disks are thrown away with them. */
export const testDeployDir = '/opt/ddbt';

/** Builds the stand-in server package (test/stand-in) into `dir` once; returns the zip's path. */
export function standInPackage(dir: string, version = '2.00.11.3', sizeBytes?: number): string {
  const file = join(dir, `DolphinDB_Linux64_V${version}.zip`);
  if (!existsSync(file)) {
    const size = sizeBytes === undefined ? [] : ['--size', String(sizeBytes)];
    execFileSync(
      process.execPath,
      [join(projectRoot, 'test', 'stand-in', 'pack.mjs'), '--version', version, '--out', file, ...size],
      {
        stdio: 'pipe',
      },
    );
  }
  return file;
}

export type TopologyOptions = {
  readonly mode: 'single' | 'cluster' | 'pseudo-ha' | 'ha';
  /** The hosts, in order (a host may repeat for pseudo-ha layouts built with --hosts). */
  readonly hosts: readonly TestHost[];
  readonly packageFile: string;
  readonly extra?: readonly string[];
  /** `config.<section>.<key>` values to set after templating. */
  readonly config?: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
};

/**
 * A topology written by `ddb-setup template` for the test hosts (root by the harness key), with
 * the stand-in package, and the given config overrides. Returns the file's path.
 */
export function writeTestTopology(dir: string, name: string, options: TopologyOptions): string {
  const first = options.hosts[0];
  if (!first) throw new Error('writeTestTopology: no hosts');
  const result = runCli([
    'template',
    '--mode',
    options.mode,
    '--name',
    name,
    '--hosts',
    options.hosts.map((host) => host.address).join(','),
    '--ssh-user',
    'root',
    '--identity-file',
    first.identityFile,
    '--package',
    options.packageFile,
    '--deploy-dir',
    testDeployDir,
    '--license',
    testLicence(dir),
    ...(options.extra ?? []),
  ]);
  if (result.status !== 0) throw new Error(`template failed: ${result.stderr}`);
  const doc = parseDocument(result.stdout);
  for (const [section, values] of Object.entries(options.config ?? {}))
    for (const [key, value] of Object.entries(values)) doc.setIn(['config', section, key], value);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

/**
 * A licence for the stand-in that allows the tests' clusters: the community licence allows 3 nodes
 * (facts §5), fewer than an HA cluster has. Same layout as the community line the stand-in reads.
 */
export function testLicence(dir: string): string {
  const file = join(dir, 'test-enterprise.lic');
  writeFileSync(file, '2042.01.01,16,8,64,ddb-setup tests (stand-in licence),0,-1,,3\n');
  return file;
}

/** A private temporary directory for one test file (topologies, the journal, packages). */
export function testDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ddbt-${prefix}-`));
}

/**
 * Puts every host back to a clean state between tests: power-cycles it (which stops every process
 * a deployment started there, by the harness's PID bookkeeping) and removes the deploy directory.
 */
export async function resetHosts(hosts: TestHosts, which: readonly TestHost[] = hosts.hosts): Promise<void> {
  await Promise.all(
    which.map(async (host) => {
      await hosts.powerOff(host);
      await hosts.boot(host);
      await hosts.exec(host, ['rm', '-rf', testDeployDir]);
    }),
  );
}
