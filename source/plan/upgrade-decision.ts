import type { Derived } from '../model/derive.js';
import { compareVersions, parseVersion } from '../model/version.js';
import { canRoll, type UpgradeFrom } from './upgrade-from.js';

/** What the hosts showed about the versions of a deployment, read before anything changes. */
export type RunningReading = {
  /** Each node's `version()` release; undefined when the node did not answer. */
  readonly nodes: readonly { readonly host: string; readonly alias: string; readonly version?: string }[];
  /** Per host, the server directories its start scripts name (what a start would run). */
  readonly switched: readonly { readonly host: string; readonly version: string }[];
  /** `license().version` of a running node (facts §5: the newest server version it allows); '' none. */
  readonly licenceVersion?: string;
};

export type UpgradeOptions = {
  /** `--allow-downgrade`: going back to an older version was asked for. */
  readonly allowDowngrade: boolean;
  /** The package's file name, which names its version (`DolphinDB_Linux64_V<version>.zip`). */
  readonly packageName: string | undefined;
};

export type UpgradeDecision =
  /** Nothing runs another version: the ordinary deployment plan. */
  | { readonly kind: 'deploy' }
  | { readonly kind: 'upgrade'; readonly upgrade: UpgradeFrom }
  | { readonly kind: 'refused'; readonly message: string; readonly fix: string };

/**
 * Whether deploying `derived`'s version means changing the version the hosts run, and how: the
 * newest version seen other than the target is what the cluster runs; each host with a node not
 * answering the target (or a start script naming another) takes part, in the topology's order.
 * Refused before anything changes when it cannot work: an older version without --allow-downgrade,
 * a package of another version, a licence that does not allow the new version.
 */
export function decideUpgrade(
  derived: Derived,
  reading: RunningReading,
  options: UpgradeOptions,
): UpgradeDecision {
  const target = derived.topology.server.version;
  const seen = [...reading.nodes.map((n) => n.version), ...reading.switched.map((s) => s.version)].filter(
    (v): v is string => v !== undefined && v !== target,
  );
  const from = newest(seen);
  if (from === undefined) return { kind: 'deploy' };
  const older = compare(target, from) < 0;
  if (older && !options.allowDowngrade)
    return {
      kind: 'refused',
      message: `server.version ${target} is older than ${from}, which the hosts run`,
      fix: `to go back to ${target} on purpose add --allow-downgrade (check ${target}'s release notes: the metadata backups taken before the upgrade may be needed); else set server.version: ${from}`,
    };
  const named = options.packageName && /_V(\d+(?:\.\d+){2,3})/.exec(options.packageName)?.[1];
  if (named && named !== target)
    return {
      kind: 'refused',
      message: `server.package ${options.packageName} is version ${named}, not ${target}`,
      fix: `give the package of ${target} (server.package or --package DolphinDB_Linux64_V${target}.zip)`,
    };
  const allowed = reading.licenceVersion;
  if (!older && allowed && compare(prefixOf(target, allowed), allowed) > 0)
    return {
      kind: 'refused',
      message: `the licence in force allows server versions up to ${allowed}, not ${target} (license().version)`,
      fix: `get a licence for ${target} from DolphinDB and set server.license to it, then run again`,
    };
  const hosts = derived.usedHosts.filter(
    (host) =>
      reading.nodes.some((n) => n.host === host && n.version !== target) ||
      reading.switched.some((s) => s.host === host && s.version !== target),
  );
  // A cluster with nothing running has no service to keep up: stopping it all costs nothing.
  const running = reading.nodes.some((n) => n.version !== undefined);
  return { kind: 'upgrade', upgrade: { from, hosts, rolling: running && canRoll(derived) } };
}

function compare(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  return pa && pb ? compareVersions(pa, pb) : a.localeCompare(b);
}

/** `target` cut to as many parts as `limit` has: a licence for 2.00.12 allows 2.00.12.3. */
function prefixOf(target: string, limit: string): string {
  return target.split('.').slice(0, limit.split('.').length).join('.');
}

function newest(versions: readonly string[]): string | undefined {
  return [...new Set(versions)].sort((a, b) => compare(b, a))[0];
}
