import Conf from 'conf';

/** How a host is logged in to. A password is asked for and held in memory only, never stored. */
export type AuthMethod = 'agent' | 'key' | 'password';

/** SSH answers the wizard offers again next time. Never a secret: no password, no passphrase. */
export type SshDefaults = {
  readonly user?: string;
  readonly port?: number;
  readonly auth?: AuthMethod;
  readonly identityFile?: string;
};

/** How the last deployment of a saved topology ended; `running` means it never reported an end. */
export type DeployState = 'running' | 'ok' | 'failed' | 'aborted';

/** A topology file the wizard saved or opened, newest first in `recentTopologies`. */
export type RecentTopology = {
  /** Absolute path of the topology file. */
  readonly file: string;
  readonly cluster: string;
  readonly mode: string;
  /** ISO time of the last save or open. */
  readonly usedAt: string;
  /** The deployment the file describes (deployment-identity.ts key): its name, servers and directories. */
  readonly deployment?: string;
  /** The last deployment from the wizard, when there was one. */
  readonly lastDeploy?: DeployState;
};

/** What the wizard remembers between runs (style guide §8.5: `conf` behind an interface). */
export interface SettingsStore {
  /** Recent topology files, newest first (at most 10). */
  recentTopologies(): readonly RecentTopology[];
  /** Moves `entry` to the front of the recent list (keeping its last deployment state). */
  rememberTopology(entry: Omit<RecentTopology, 'lastDeploy'>): void;
  /** Records how the last deployment of `file` went. */
  recordDeploy(file: string, state: DeployState): void;
  sshDefaults(): SshDefaults;
  /** Remembers SSH answers; any secret-looking field is dropped by construction (only the typed keys are kept). */
  rememberSshDefaults(defaults: SshDefaults): void;
}

type Stored = { recent: RecentTopology[]; ssh: SshDefaults };

const keep = 10;

/** Keeps only the four known, non-secret fields, whatever the caller passed. */
function cleanSsh(defaults: SshDefaults): SshDefaults {
  const { user, port, auth, identityFile } = defaults;
  return {
    ...(user ? { user } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(auth ? { auth } : {}),
    ...(identityFile ? { identityFile } : {}),
  };
}

/** The store logic over any get/set pair: shared by the conf-backed and in-memory stores. */
function storeOver(read: () => Stored, write: (value: Stored) => void): SettingsStore {
  return {
    recentTopologies: () => read().recent,
    rememberTopology(entry) {
      const stored = read();
      const previous = stored.recent.find((r) => r.file === entry.file);
      // How the last deployment went belongs to that deployment: a file saved over with another
      // cluster (other servers or directories) starts without one.
      const same = previous?.deployment === entry.deployment;
      const next: RecentTopology = {
        ...entry,
        ...(same && previous?.lastDeploy ? { lastDeploy: previous.lastDeploy } : {}),
      };
      write({
        ...stored,
        recent: [next, ...stored.recent.filter((r) => r.file !== entry.file)].slice(0, keep),
      });
    },
    recordDeploy(file, state) {
      const stored = read();
      write({
        ...stored,
        recent: stored.recent.map((r) => (r.file === file ? { ...r, lastDeploy: state } : r)),
      });
    },
    sshDefaults: () => read().ssh,
    rememberSshDefaults(defaults) {
      write({ ...read(), ssh: cleanSsh(defaults) });
    },
  };
}

/**
 * The real store: `settings.json` in the user's config directory (`DDB_SETUP_CONFIG_DIR` or `cwd`
 * overrides it), next to the deployment journals.
 */
export function createSettingsStore(options: { readonly cwd?: string } = {}): SettingsStore {
  const cwd = options.cwd ?? process.env['DDB_SETUP_CONFIG_DIR'];
  const conf = new Conf<Stored>({
    projectName: 'ddb-setup',
    configName: 'settings',
    ...(cwd ? { cwd } : {}),
    defaults: { recent: [], ssh: {} },
  });
  return storeOver(
    () => ({ recent: conf.get('recent'), ssh: conf.get('ssh') }),
    (value) => conf.set(value),
  );
}

/** An in-memory store for tests. */
export function memorySettingsStore(initial: Partial<Stored> = {}): SettingsStore {
  let value: Stored = { recent: initial.recent ?? [], ssh: initial.ssh ?? {} };
  return storeOver(
    () => value,
    (next) => (value = next),
  );
}
