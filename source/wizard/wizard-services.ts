import type { CheckFinding } from '../checks/finding.js';
import type { DeployEvent } from '../deploy/events.js';
import type { Issue } from '../model/issues.js';
import type { Topology } from '../model/topology.js';
import type { Plan } from '../plan/plan.js';
import type { RenderedFile } from '../render/render-files.js';
import type { SettingsStore } from '../store/settings.js';
import type { LicenceReading, LicenceSource } from './wizard-model.js';

/** A topology file as read from disk: the topology when its shape is right, and every issue. */
export type OpenedTopology = {
  readonly file: string;
  readonly topology: Topology | undefined;
  readonly issues: readonly Issue[];
  /** Set when the file could not be read at all (missing, not YAML). */
  readonly error?: string;
};

/** The outcome of a connection test: what happened, in words a user can act on. */
export type ConnectionResult = {
  readonly ok: boolean;
  /** `connected as root in 0.2 s: Linux 6.1.0` or the failure. */
  readonly message: string;
  /** What to do about a failure. */
  readonly fix?: string;
  /** The host key's fingerprint when the host is not yet in known_hosts (accepted on deploy). */
  readonly newHostKey?: string;
};

/**
 * The outcome of changing the admin password from the Results screen: `changed` (and verified),
 * `not-default` (admin/123456 was refused: someone changed it already), or `failed`.
 */
export type PasswordChange = {
  readonly outcome: 'changed' | 'not-default' | 'failed';
  readonly message: string;
};

/** What a deployment run reports back to the wizard. */
export type DeployResult = { readonly ok: boolean; readonly aborted: boolean; readonly journal: string };

/**
 * Everything the wizard does outside itself, handed in by app/ (style guide §8.2 `services.ts`):
 * the real implementation touches disks and hosts, tests pass fakes.
 */
export type WizardServices = {
  readonly settings: SettingsStore;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  readonly now: () => number;
  /** True while DolphinDB's initial admin password (123456) is the one deploy uses. */
  readonly adminPasswordIsDefault: boolean;
  readonly openTopology: (file: string) => OpenedTopology;
  /** Writes the topology file; returns its absolute path. Throws an Error with a readable message. */
  /** Writes the topology; a different file already there is kept as `backup` first. */
  readonly saveTopology: (
    file: string,
    topology: Topology,
  ) => { readonly file: string; readonly backup?: string };
  /** Every file the deployment writes. Throws when the topology cannot be rendered. */
  readonly renderFiles: (topology: Topology) => readonly RenderedFile[];
  /** Writes the topology and every rendered file under `dir` (`DIR/<host>/<path>`); returns the count. */
  readonly exportFiles: (dir: string, topology: Topology) => { readonly dir: string; readonly files: number };
  /** Connects to one host of the topology as deploy would, runs one harmless command, disconnects. */
  readonly testConnection: (
    topology: Topology,
    host: string,
    password: string | undefined,
  ) => Promise<ConnectionResult>;
  readonly planDeployment: (topology: Topology, topologyFile: string) => Plan;
  /** The pre-flight check (`ddb-setup check`): read-only on every host. */
  readonly checkDeployment: (options: {
    readonly topology: Topology;
    readonly topologyFile: string;
    readonly plan: Plan;
    readonly passwords: ReadonlyMap<string, string>;
    readonly signal: AbortSignal;
  }) => Promise<readonly CheckFinding[]>;
  readonly runDeployment: (options: {
    readonly topology: Topology;
    readonly topologyFile: string;
    readonly plan: Plan;
    /** The password typed for each host that logs in with one, by host name; never saved. */
    readonly passwords: ReadonlyMap<string, string>;
    readonly onEvent: (event: DeployEvent) => void;
    readonly signal: AbortSignal;
  }) => Promise<DeployResult>;
  /** Reads the licence a Licence file answer or a local package holds; never rejects. */
  readonly readLicence: (source: LicenceSource) => Promise<LicenceReading>;
  /** Changes DolphinDB's admin password on the leader controller and checks that the new one logs in. */
  readonly changeAdminPassword: (options: {
    readonly topology: Topology;
    /** SSH passwords by host name, as for the deployment; never saved. */
    readonly passwords: ReadonlyMap<string, string>;
    readonly newPassword: string;
  }) => Promise<PasswordChange>;
};
