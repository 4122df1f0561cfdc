import type { DeploymentMode, SwarmSection, Topology } from '../model/topology.js';
import type { AuthMethod, SshDefaults } from '../store/settings.js';
import type { KeptRows } from './kept-rows.js';

/*
 * The wizard's state and actions as types and empty values, with no behaviour: what the reducer
 * (wizard-state.ts), the selectors and the topology builder share without importing each other.
 */

/** The wizard's screens, in the order Enter walks them and Esc walks back. */
export const wizardSteps = [
  'welcome',
  'mode',
  'hosts',
  'layout',
  'options',
  'preview',
  'check',
  'deploy',
  'results',
] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** One server as typed on the Hosts screen. Text fields stay text until the topology is built. */
export type HostDraft = {
  /** Stable identity while hosts are added and removed (not written anywhere). */
  readonly id: number;
  /** Intranet address the cluster uses (`localSite`). */
  readonly address: string;
  /** Where SSH connects, when it differs from `address` (a public or jump address); '' = same. */
  readonly sshAddress: string;
  /** '' = the SSH default (your user name). */
  readonly user: string;
  /** '' = 22. */
  readonly port: string;
  readonly auth: AuthMethod;
  readonly identityFile: string;
  /** Held in memory for this session only; never saved, never written to the topology. */
  readonly password: string;
  /** Where this host installs, when not the Options screen's deploy directory; '' = that one. */
  readonly deployDir: string;
};

/** Counts and overrides of the Layout screen; '' means "the mode's default". */
export type LayoutDraft = {
  /** One count for every host ('2') or one per host in host order ('2,1,1'); see layout-counts.ts. */
  readonly datanodes: string;
  readonly computenodes: string;
  readonly controllers: string;
  readonly basePort: string;
  /** Alias typed for a process, keyed by the alias the template generated. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Port typed for a process, keyed by the alias the template generated. */
  readonly ports: Readonly<Record<string, string>>;
  /** An opened file's rows, written as they are until the layout itself changes. */
  readonly kept: KeptRows | undefined;
};

export type PackageKind = 'official' | 'url' | 'file';

/** The Options screen; '' means "the default". */
export type OptionsDraft = {
  readonly name: string;
  readonly version: string;
  readonly packageKind: PackageKind;
  /** The URL or local path when `packageKind` is not `official`. */
  readonly packageValue: string;
  readonly license: string;
  readonly replicationFactor: string;
  readonly reliabilityLevel: string;
  readonly maxMemSize: string;
  readonly workerNum: string;
  readonly deployDir: string;
  /** Data volumes per data node (comma-separated, one per physical device), keyed by generated alias. */
  readonly volumes: Readonly<Record<string, string>>;
  /** External address or domain per host (`publicName`), keyed by host name (P1, P2, …). */
  readonly publicNames: Readonly<Record<string, string>>;
  readonly lanCluster: boolean;
  /** Config keys of an opened file that no field models; written back verbatim. */
  readonly extraConfig: Topology['config'];
  /** Mode swarm: the image (empty: the official one of the version) and an archive of it to send. */
  readonly swarmImage: string;
  readonly imageArchive: string;
  /** Mode swarm: an opened file's network, data directory and ip range; written back verbatim. */
  readonly extraSwarm: Pick<SwarmSection, 'network' | 'dataDir' | 'ipRange'> | undefined;
};

/** Where the licence in force is read from: the Licence file field, or a local package's own. */
export type LicenceSource = { readonly kind: 'file' | 'package'; readonly path: string };

/**
 * What reading a licence gave: its limits, a first line that is not the known layout
 * (`unknown-format`), a package without one (`none`), or why it could not be read.
 */
export type LicenceReading =
  | {
      readonly kind: 'terms';
      readonly maxNodes: number;
      readonly maxMemoryPerNode: number;
      readonly expires: string;
      readonly clientName: string;
    }
  | { readonly kind: 'unknown-format' }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** The key a reading is kept under: the source as typed (the service resolves it). */
export function licenceKey(source: LicenceSource): string {
  return `${source.kind}:${source.path}`;
}

/** How the last deployment from this wizard ended. */
/** How the last run ended; `change`: it changed a running cluster rather than deploying one. */
export type DeployRecord = {
  readonly ok: boolean;
  readonly aborted: boolean;
  readonly journal: string;
  readonly change?: boolean;
};

/** Everything the wizard knows. Pure data: the reducer below is the only way it changes. */
export type WizardState = {
  readonly step: WizardStep;
  readonly mode: DeploymentMode | undefined;
  readonly hosts: readonly HostDraft[];
  readonly nextHostId: number;
  readonly layout: LayoutDraft;
  readonly options: OptionsDraft;
  /** SSH answers remembered from last time, used for each new host. */
  readonly sshDefaults: SshDefaults;
  /** A topology opened from a file, deployed exactly as written until something is edited. */
  readonly opened: { readonly file: string; readonly topology: Topology } | undefined;
  /** Where the topology was last saved (or opened from). */
  readonly savedFile: string | undefined;
  readonly lastDeploy: DeployRecord | undefined;
  /** Licences read so far, by {@link licenceKey}: data the services hand back, so the reducer stays pure. */
  readonly licences: Readonly<Record<string, LicenceReading>>;
};

export type WizardAction =
  | { readonly type: 'startNew' }
  | { readonly type: 'openTopology'; readonly file: string; readonly topology: Topology }
  | { readonly type: 'selectMode'; readonly mode: DeploymentMode }
  | { readonly type: 'addHost' }
  | { readonly type: 'updateHost'; readonly id: number; readonly changes: Partial<Omit<HostDraft, 'id'>> }
  | { readonly type: 'removeHost'; readonly id: number }
  /**
   * Several servers at once (a pasted column, a range): host `at` takes the first address and the
   * others follow it with its SSH answers; without `at`, they are added after the last host.
   */
  | { readonly type: 'addHosts'; readonly at: number | undefined; readonly addresses: readonly string[] }
  | { readonly type: 'updateLayout'; readonly changes: Partial<LayoutDraft> }
  | { readonly type: 'updateOptions'; readonly changes: Partial<OptionsDraft> }
  | { readonly type: 'goNext' }
  | { readonly type: 'goBack' }
  | { readonly type: 'saveTopology'; readonly file: string }
  | { readonly type: 'startCheck' }
  | { readonly type: 'startDeploy' }
  | { readonly type: 'finishDeploy'; readonly record: DeployRecord }
  | { readonly type: 'licenceRead'; readonly key: string; readonly reading: LicenceReading };

export const emptyLayout: LayoutDraft = {
  datanodes: '',
  computenodes: '',
  controllers: '',
  basePort: '',
  aliases: {},
  ports: {},
  kept: undefined,
};

export const emptyOptions: OptionsDraft = {
  name: '',
  version: '',
  packageKind: 'official',
  packageValue: '',
  license: '',
  replicationFactor: '',
  reliabilityLevel: '',
  maxMemSize: '',
  workerNum: '',
  deployDir: '',
  volumes: {},
  publicNames: {},
  lanCluster: false,
  extraConfig: undefined,
  swarmImage: '',
  imageArchive: '',
  extraSwarm: undefined,
};
