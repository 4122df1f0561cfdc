import { formatBytes } from '../model/byte-size.js';
import { quote } from '../remote/shell.js';
import { finding, type CheckFinding } from './finding.js';
import type { HostFacts, PathFacts } from './host-facts.js';
import type { HostExpectation } from './host-expectations.js';
import { swarmFindings } from './swarm-findings.js';

/** DolphinDB's recommended open-files limit (facts §3: `nofile 102400` in limits.conf). */
export const recommendedOpenFiles = 102400;

/** Room kept free beyond the package for logs, metadata and the first data: 1 GiB. */
const headroomKB = 1024 * 1024;
/** A package of unknown size (a URL) is taken to be this big: official packages are 100–300 MB. */
const assumedPackageKB = 400 * 1024;

export type HostCheckContext = {
  readonly expect: HostExpectation;
  readonly facts: HostFacts;
  /** Bytes of the package archive; undefined when hosts download it from a URL. */
  readonly packageBytes: number | undefined;
  /** The CPU architecture the package is built for, when its file name says. */
  readonly packageArch: 'x86_64' | 'aarch64' | undefined;
  /** Mode swarm: what the manager's probe found, when it was probed (its swarm's identity). */
  readonly swarmManager?: HostFacts;
};

/** Everything one host's probe says, as findings: platform, commands, directories, disk, ports, memory, limits. */
export function hostFindings(context: HostCheckContext): CheckFinding[] {
  return [
    ...platformFindings(context),
    // In mode swarm the image brings the server: nothing is unpacked on the host.
    ...(context.expect.swarm
      ? swarmFindings(context.expect, context.facts, context.swarmManager)
      : commandFindings(context)),
    ...directoryFindings(context),
    ...diskFindings(context),
    ...portFindings(context),
    ...memoryFindings(context),
    ...openFilesFindings(context),
  ];
}

function platformFindings({ expect, facts, packageArch }: HostCheckContext): CheckFinding[] {
  const host = expect.host;
  if (facts.os !== 'Linux')
    return [
      finding({
        level: 'error',
        host,
        check: 'platform',
        message: `the host runs ${facts.os ?? 'an unknown system'}, not Linux`,
        fix: 'DolphinDB server packages run on Linux only: choose a Linux host',
      }),
    ];
  const arch = normaliseArch(facts.arch);
  if (packageArch !== undefined && arch !== undefined && arch !== packageArch)
    return [
      finding({
        level: 'error',
        host,
        check: 'platform',
        message: `the host's CPU is ${facts.arch}, the package is built for ${packageArch}`,
        fix: `use the ${arch === 'aarch64' ? 'ARM64' : 'Linux64 (x86-64)'} server package in server.package`,
      }),
    ];
  return [
    finding({ level: 'ok', host, check: 'platform', message: `Linux on ${facts.arch ?? 'an unknown CPU'}` }),
  ];
}

function normaliseArch(arch: string | undefined): 'x86_64' | 'aarch64' | undefined {
  if (arch === 'x86_64' || arch === 'amd64') return 'x86_64';
  if (arch === 'aarch64' || arch === 'arm64') return 'aarch64';
  return undefined;
}

/** What the deployment's scripts run on the host, by purpose: each purpose needs one of its commands. */
function commandFindings({ expect, facts }: HostCheckContext): CheckFinding[] {
  const needs: { what: string; any: string[]; install: string }[] = [
    expect.archive === 'zip'
      ? { what: 'unpack the .zip package', any: ['unzip', 'python3'], install: 'unzip' }
      : { what: 'unpack the .tar.gz package', any: ['tar'], install: 'tar' },
    { what: 'compare package checksums', any: ['sha256sum'], install: 'coreutils' },
    { what: 'write the configuration files', any: ['base64'], install: 'coreutils' },
  ];
  const missing = needs.filter((need) => !need.any.some((name) => facts.commands.has(name)));
  const results: CheckFinding[] = [];
  // Without a downloader the package still arrives: ddb-setup downloads it once and uploads it.
  if (expect.downloads && !facts.commands.has('curl') && !facts.commands.has('wget'))
    results.push(
      finding({
        level: 'warning',
        host: expect.host,
        check: 'commands',
        message: 'no curl or wget: ddb-setup will download the package itself and upload it to this host',
        fix: 'apt-get install -y curl   # or: yum install -y curl',
      }),
    );
  if (missing.length === 0)
    return [
      finding({
        level: 'ok',
        host: expect.host,
        check: 'commands',
        message: 'the commands the deployment runs are installed',
      }),
      ...results,
    ];
  return results.concat(
    missing.map((need) =>
      finding({
        level: 'error',
        host: expect.host,
        check: 'commands',
        message: `no ${need.any.join(' or ')} to ${need.what}`,
        fix: `apt-get install -y ${need.install}   # or: yum install -y ${need.install}`,
      }),
    ),
  );
}

function directoryFindings({ expect, facts }: HostCheckContext): CheckFinding[] {
  const host = expect.host;
  const results: CheckFinding[] = [];
  const dir = expect.clusterDir;
  if (facts.cluster.exists && !facts.marker && facts.cluster.nonEmpty)
    results.push(
      finding({
        level: 'error',
        host,
        check: 'directory',
        message: `${dir} exists, is not empty and was not created by ddb-setup`,
        fix: 'ddb-setup never writes into data it did not create: choose another deployDir or cluster name, or move that directory away',
      }),
    );
  else if (!facts.cluster.writable) results.push(unwritable(expect, facts, facts.cluster, dir));
  else
    results.push(
      finding({
        level: 'ok',
        host,
        check: 'directory',
        message: facts.marker
          ? `${dir} holds this deployment`
          : `${dir} can be created by ${facts.user ?? 'the SSH user'}`,
      }),
    );
  expect.volumes.forEach((volume, index) => {
    const path = facts.volumes[index];
    if (!path) return;
    if (path.exists && path.nonEmpty && !facts.marker)
      results.push(
        finding({
          level: 'error',
          host,
          check: 'directory',
          message: `the volume ${volume.path} of ${volume.alias} is not empty: it may hold another DolphinDB's data`,
          fix: `empty or move ${volume.path}, or set another ${volume.alias}.volumes in config.cluster`,
        }),
      );
    else if (!path.writable) results.push(unwritable(expect, facts, path, volume.path));
  });
  return results;
}

/** An unwritable directory: for a user other than root the fix is an administrator's mkdir and chown. */
function unwritable(expect: HostExpectation, facts: HostFacts, path: PathFacts, dir: string): CheckFinding {
  const user = facts.user ?? '$USER';
  const create = `mkdir -p ${quote(dir)} && chown ${quote(user)}: ${quote(dir)}`;
  const message = `${facts.user ?? 'the SSH user'} cannot write ${path.base === dir ? dir : `${path.base} to create ${dir}`}`;
  if (facts.uid === 0)
    return finding({
      level: 'error',
      host: expect.host,
      check: 'directory',
      message,
      fix: `check that ${path.base} is not on a read-only file system (mount | grep ' ${path.base}')`,
    });
  const sudo =
    facts.sudo === 'nopasswd'
      ? ' (sudo works without a password: ddb-setup check --fix can do it)'
      : facts.sudo === 'password'
        ? ' (sudo asks for a password: run it yourself)'
        : ' (the user has no sudo: ask an administrator)';
  return {
    ...finding({
      level: 'error',
      host: expect.host,
      check: 'directory',
      message,
      fix: `as root on ${expect.host}: ${create}${sudo}`,
    }),
    ...(facts.sudo === 'nopasswd' ? { autoFix: { host: expect.host, script: create, sudo: true } } : {}),
  };
}

function diskFindings({ expect, facts, packageBytes }: HostCheckContext): CheckFinding[] {
  const free = facts.cluster.freeKB;
  if (free === undefined)
    return [
      finding({
        level: 'warning',
        host: expect.host,
        check: 'disk',
        message: `could not read the free space under ${facts.cluster.base || expect.clusterDir}`,
        fix: `check it with df -h ${quote(expect.clusterDir)}`,
      }),
    ];
  // The archive and its unpacked copy (about twice the archive) exist together for a moment.
  const packageKB = facts.installed
    ? 0
    : 3 * (packageBytes !== undefined ? Math.ceil(packageBytes / 1024) : assumedPackageKB);
  const needed = packageKB + headroomKB;
  const reclaimed = facts.installed ? undefined : reclaimable(facts, packageBytes);
  const available = free + (reclaimed?.kb ?? 0);
  const where = `${facts.cluster.base || expect.clusterDir}`;
  const said = `${formatKB(free)} free under ${where}${reclaimed ? `, and ${reclaimed.said}` : ''}`;
  if (available < needed)
    return [
      finding({
        level: 'error',
        host: expect.host,
        check: 'disk',
        message: `${said}; the package and a minimal start need ${formatKB(needed)}`,
        fix: `free space there or choose another deployDir (df -h ${quote(where)})`,
      }),
    ];
  if (available < needed + 10 * 1024 * 1024)
    return [
      finding({
        level: 'warning',
        host: expect.host,
        check: 'disk',
        message: `only ${said}: little room for data`,
        fix: `give the data volumes their own disks (config.cluster <alias>.volumes) or free space there`,
      }),
    ];
  return [finding({ level: 'ok', host: expect.host, check: 'disk', message: said })];
}

/**
 * Space an earlier run holds that this one gets back, counted as free: the package archive when it
 * is whole (the transfer reuses it after checking its checksum, so it needs no room again), else a
 * partial upload of it (overwritten), and a partial unpack marked as ddb-setup's (removed before
 * unpacking). Undefined when there is none.
 */
function reclaimable(
  facts: HostFacts,
  packageBytes: number | undefined,
): { readonly kb: number; readonly said: string } | undefined {
  const { archiveBytes, uploadKB, unpackingKB } = facts.leftovers;
  // A URL's size is not known here: an archive in place is whole, as downloads land under another name.
  const whole = archiveBytes !== undefined && (packageBytes === undefined || archiveBytes === packageBytes);
  const parts = [
    ...(whole ? [{ kb: Math.ceil(archiveBytes / 1024), what: 'the package archive (reused)' }] : []),
    ...(!whole && uploadKB ? [{ kb: uploadKB, what: 'a partial upload (overwritten)' }] : []),
    ...(unpackingKB ? [{ kb: unpackingKB, what: 'a partial unpack (removed first)' }] : []),
  ];
  if (parts.length === 0) return undefined;
  const kb = parts.reduce((sum, part) => sum + part.kb, 0);
  return {
    kb,
    said: `${formatKB(kb)} counted as free that an earlier run left: ${parts.map((p) => `${p.what} ${formatKB(p.kb)}`).join(', ')}`,
  };
}

function portFindings({ expect, facts }: HostCheckContext): CheckFinding[] {
  return expect.ports.map(({ port, alias, index }) => {
    const sockets = facts.listening.get(port);
    if (!sockets)
      return finding({
        level: 'ok',
        host: expect.host,
        check: 'port',
        message: `${port} (${alias}) is free`,
      });
    const container = expect.swarm?.containers.find((name) =>
      facts.docker.published.get(name)?.includes(port),
    );
    if (sockets.some((inode) => facts.ownSockets.has(inode)) || container !== undefined)
      return finding({
        level: 'ok',
        host: expect.host,
        check: 'port',
        message: `${port} (${alias}) is held by this deployment${container ? ` (container ${container})` : ''}`,
      });
    return finding({
      level: 'error',
      host: expect.host,
      check: 'port',
      message: `${port} (${alias}) is already in use by another program`,
      fix: `see which: ss -ltnp 'sport = :${port}'; stop it, or give nodes[${index}].port another port`,
    });
  });
}

function memoryFindings({ expect, facts }: HostCheckContext): CheckFinding[] {
  if (expect.memory.length === 0) return [];
  const total = facts.memTotalKB;
  if (total === undefined)
    return [
      finding({
        level: 'warning',
        host: expect.host,
        check: 'memory',
        message: 'could not read /proc/meminfo',
        fix: 'check the memory with free -g',
      }),
    ];
  const unlimited = expect.memory.filter((node) => !node.maxMemSizeGB);
  const capped = expect.memory.reduce((sum, node) => sum + (node.maxMemSizeGB ?? 0), 0);
  const cappedKB = capped * 1024 * 1024;
  const aliases = expect.memory.map((node) => node.alias).join(', ');
  // A warning, not an error: maxMemSize is a ceiling, not a reservation, and labs (pseudo-HA on one
  // server) overcommit on purpose; but under load the kernel's OOM killer picks a node.
  if (cappedKB > total)
    return [
      finding({
        level: 'warning',
        host: expect.host,
        check: 'memory',
        message: `maxMemSize of ${aliases} adds up to ${capped} GB; the host has ${formatKB(total)}: under load a node may be killed for memory`,
        fix: 'lower maxMemSize in config.cluster (per node: <alias>.maxMemSize), or place fewer nodes on this host',
      }),
    ];
  const results: CheckFinding[] = [];
  if (unlimited.length > 0)
    results.push(
      finding({
        level: 'warning',
        host: expect.host,
        check: 'memory',
        message: `${unlimited.map((n) => n.alias).join(', ')} ha${unlimited.length === 1 ? 's' : 've'} no maxMemSize: each may take all of the host's ${formatKB(total)}`,
        fix: 'set maxMemSize (GB) in config.cluster',
      }),
    );
  else if (!facts.marker && facts.memAvailableKB !== undefined && cappedKB > facts.memAvailableKB)
    results.push(
      finding({
        level: 'warning',
        host: expect.host,
        check: 'memory',
        message: `maxMemSize of ${aliases} adds up to ${capped} GB, more than the ${formatKB(facts.memAvailableKB)} available now`,
        fix: 'stop what uses the memory, or lower maxMemSize in config.cluster',
      }),
    );
  else
    results.push(
      finding({
        level: 'ok',
        host: expect.host,
        check: 'memory',
        message: `${capped} GB of maxMemSize on a host with ${formatKB(total)}`,
      }),
    );
  return results;
}

function openFilesFindings({ expect, facts }: HostCheckContext): CheckFinding[] {
  if (!facts.nofile) return [];
  // start.sh raises the soft limit to the hard one, so the hard limit is what a node gets.
  const { hard } = facts.nofile;
  if (hard >= recommendedOpenFiles)
    return [
      finding({
        level: 'ok',
        host: expect.host,
        check: 'open-files',
        message: `open files limit ${Number.isFinite(hard) ? hard : 'unlimited'}`,
      }),
    ];
  const user = facts.user ?? '*';
  const script = `printf '%s\\n' ${quote(`${user} soft nofile ${recommendedOpenFiles}`)} ${quote(`${user} hard nofile ${recommendedOpenFiles}`)} > /etc/security/limits.d/ddb-setup-nofile.conf`;
  return [
    {
      ...finding({
        level: 'warning',
        host: expect.host,
        check: 'open-files',
        message: `the open files limit is ${hard}; DolphinDB recommends ${recommendedOpenFiles}`,
        fix: `as root: ${script}  (applies to new logins)`,
      }),
      ...(facts.uid === 0 || facts.sudo === 'nopasswd'
        ? { autoFix: { host: expect.host, script, sudo: facts.uid !== 0 } }
        : {}),
    },
  ];
}

/** `3.1 GB`, `512 MB`, `36 KB`: sizes as df -h would say them (the probe reports KB). */
export function formatKB(kb: number): string {
  return formatBytes(kb * 1024);
}
