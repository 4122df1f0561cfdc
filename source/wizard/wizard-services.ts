import type { CheckFinding } from '../checks/finding.js';
import type { DeployEvent } from '../deploy/events.js';
import type { Issue } from '../model/issues.js';
import type { Topology } from '../model/topology.js';
import type { Change } from '../plan/difference/change.js';
import type { Drift } from '../plan/difference/drift.js';
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

/**
 * What a deployment run reports back to the wizard; `change`: it ran the change plan of a running
 * cluster (nodes added or removed, controllers moved, keys rolled), not a deployment's.
 */
export type DeployResult = {
  readonly ok: boolean;
  readonly aborted: boolean;
  readonly journal: string;
  readonly change?: boolean;
};

/** A host whose record of what is deployed could not be read, and why. */
export type HostNotRead = { readonly host: string; readonly reason: string; readonly fix: string | null };

/**
 * What is deployed against the topology on screen, as plain data (app/deployed-state.ts read it,
 * plan/difference/ compared): nothing deployed, not known (no host could be read), or deployed with
 * each change and the drift.
 */
export type DeployedDifference =
  | { readonly state: 'not-deployed' }
  | { readonly state: 'unknown'; readonly notRead: readonly HostNotRead[] }
  | {
      readonly state: 'deployed';
      readonly readFrom: readonly string[];
      readonly notRead: readonly HostNotRead[];
      readonly changes: readonly Change[];
      readonly drift: readonly Drift[];
      /** Hosts that hold another applied topology than the rest. */
      readonly disagreements: readonly string[];
    };

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
    /**
     * The plan the run carries out once the hosts were read, when it is not `plan`: the change
     * plan of a running cluster. Called before its first event, so the panes are its steps.
     */
    readonly onPlan?: (plan: Plan) => void;
    /** The user confirmed on Preview that the change stops the whole cluster; else such a run is refused. */
    readonly wholeClusterStopConfirmed?: boolean;
    readonly signal: AbortSignal;
  }) => Promise<DeployResult>;
  /**
   * Reads what is deployed from the hosts (read-only, no lock, passwords in memory only) and
   * compares it with `topology`. Never rejects for a host that cannot be reached: it is named.
   */
  readonly readDeployedDifference: (options: {
    readonly topology: Topology;
    readonly topologyFile: string;
    readonly passwords: ReadonlyMap<string, string>;
    readonly signal: AbortSignal;
  }) => Promise<DeployedDifference>;
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
