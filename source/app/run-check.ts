import { formatBytes } from '../model/byte-size.js';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckFinding } from '../checks/finding.js';
import { hostExpectations } from '../checks/host-expectations.js';
import type { HostCheckContext } from '../checks/host-findings.js';
import { runChecks } from '../checks/run-checks.js';
import type { Executor } from '../deploy/executor.js';
import type { Topology } from '../model/topology.js';
import type { PackageSource } from '../plan/plan.js';
import { runsLocally } from './executors-for.js';
import { fileProblem, notAFile } from './file-problem.js';
import { licenseCheck } from './license-check.js';

export type CheckOptions = {
  readonly topology: Topology;
  /** Undefined where the mode transfers no package (an image brings the server). */
  readonly packageSource: PackageSource | undefined;
  /** The topology file's directory: `server.license` is relative to it. */
  readonly baseDir: string;
  readonly executors: ReadonlyMap<string, Executor>;
  readonly signal?: AbortSignal;
  readonly today: Date;
};

/**
 * The pre-flight gate: the package and licence here, then every host (one probe each), clocks and
 * reachability between hosts. Read-only everywhere. The caller owns (and closes) the executors, so
 * `deploy` reuses the connections the check opened.
 */
export async function runPreflight(options: CheckOptions): Promise<CheckFinding[]> {
  const { topology, packageSource } = options;
  const local = packageFindings(packageSource, topology, options.baseDir);
  const bytes = local.bytes;
  const [hosts, license] = await Promise.all([
    runChecks({
      expectations: hostExpectations(topology, {
        kind: packageSource?.kind ?? 'url',
        fileName: packageSource?.fileName ?? '',
        bytes,
      }),
      executors: options.executors,
      packageBytes: bytes,
      packageArch: packageSource ? packageArch(packageSource.fileName) : undefined,
      reachability: topology.mode !== 'single',
      localHosts: new Set(
        topology.hosts.filter((host) => runsLocally(topology, host)).map((host) => host.name),
      ),
      ...(options.signal ? { signal: options.signal } : {}),
      now: () => performance.now(),
    }),
    licenseCheck(topology, options.baseDir, packageSource, options.today),
  ]);
  return [...local.findings, ...license, ...hosts];
}

/** The local package file (its size is what the hosts need room for); a URL or an image is not fetched. */
function packageFindings(
  source: PackageSource | undefined,
  topology: Topology,
  baseDir: string,
): { findings: CheckFinding[]; bytes: number | undefined } {
  const swarm = topology.swarm;
  if (!source && swarm?.imageArchive !== undefined) {
    const path = resolve(baseDir, swarm.imageArchive);
    return localFileFinding(path, {
      ok: (size) => `image ${swarm.image}, sent from ${path} (${size}) to hosts without it`,
      problem: `swarm.imageArchive ${path}`,
      fix: `make it where the image is: docker save ${swarm.image} -o FILE, and set swarm.imageArchive to FILE (relative to the topology file)`,
    });
  }
  if (source?.kind !== 'file') {
    const message = source ? `downloaded from ${source.url}` : `image ${swarm?.image ?? ''}`;
    return { findings: [{ level: 'ok', host: null, check: 'package', message }], bytes: undefined };
  }
  return localFileFinding(source.path, {
    ok: (size) => `${source.path} (${size})`,
    problem: `server.package ${source.path}`,
    fix: 'set server.package to the DolphinDB server .zip (or .tar.gz), or to its download URL',
  });
}

/** A local file ddb-setup sends: readable and regular, with its size; else an error naming the field. */
function localFileFinding(
  path: string,
  words: { readonly ok: (size: string) => string; readonly problem: string; readonly fix: string },
): { findings: CheckFinding[]; bytes: number | undefined } {
  try {
    const stat = statSync(path);
    const wrong = notAFile(stat);
    if (wrong) throw wrong;
    const message = words.ok(formatBytes(stat.size));
    return { findings: [{ level: 'ok', host: null, check: 'package', message }], bytes: stat.size };
  } catch (error) {
    const message = `${words.problem}: ${fileProblem(error)}`;
    return {
      findings: [{ level: 'error', host: null, check: 'package', message, fix: words.fix }],
      bytes: undefined,
    };
  }
}

/** The CPU a package is built for, when its file name says (DolphinDB_Linux64_…, DolphinDB_ARM64_…). */
export function packageArch(fileName: string): HostCheckContext['packageArch'] {
  if (/arm64|aarch64/i.test(fileName)) return 'aarch64';
  if (/linux64|x86_64|amd64|x64/i.test(fileName)) return 'x86_64';
  return undefined;
}
