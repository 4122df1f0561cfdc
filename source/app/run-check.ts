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
import { fileProblem } from './file-problem.js';
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
  const archive = topology.swarm?.imageArchive;
  if (!source && topology.swarm && archive !== undefined)
    return imageArchiveFindings(topology.swarm.image, resolve(baseDir, archive));
  if (source?.kind !== 'file') {
    const message = source ? `downloaded from ${source.url}` : `image ${topology.swarm?.image ?? ''}`;
    return { findings: [{ level: 'ok', host: null, check: 'package', message }], bytes: undefined };
  }
  try {
    const stat = statSync(source.path);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    return {
      findings: [
        {
          level: 'ok',
          host: null,
          check: 'package',
          message: `${source.path} (${(stat.size / 1e6).toFixed(0)} MB)`,
        },
      ],
      bytes: stat.size,
    };
  } catch (error) {
    return {
      findings: [
        {
          level: 'error',
          host: null,
          check: 'package',
          message: `server.package ${source.path}: ${fileProblem(error)}`,
          fix: 'set server.package to the DolphinDB server .zip (or .tar.gz), or to its download URL',
        },
      ],
      bytes: undefined,
    };
  }
}

/** The image archive ddb-setup sends to hosts that have not got the image: it must be a readable file. */
function imageArchiveFindings(
  image: string,
  path: string,
): { findings: CheckFinding[]; bytes: number | undefined } {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    const message = `image ${image}, sent from ${path} (${(stat.size / 1e6).toFixed(0)} MB) to hosts without it`;
    return { findings: [{ level: 'ok', host: null, check: 'package', message }], bytes: stat.size };
  } catch (error) {
    return {
      findings: [
        {
          level: 'error',
          host: null,
          check: 'package',
          message: `swarm.imageArchive ${path}: ${fileProblem(error)}`,
          fix: `make it where the image is: docker save ${image} -o FILE, and set swarm.imageArchive to FILE (relative to the topology file)`,
        },
      ],
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
