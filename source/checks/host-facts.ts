/** What a path's probe found (probe-script.ts `pathFacts`). */
export type PathFacts = {
  /** The path itself when it exists, else its nearest existing ancestor. */
  readonly base: string;
  readonly exists: boolean;
  readonly nonEmpty: boolean;
  readonly writable: boolean;
  readonly freeKB: number | undefined;
};

/** A host's probe output, parsed. Absent facts stay undefined: the evaluation says it could not tell. */
export type HostFacts = {
  /** The host's clock in ms since the epoch when the probe started. */
  readonly clockMs: number | undefined;
  readonly os: string | undefined;
  readonly arch: string | undefined;
  readonly uid: number | undefined;
  readonly user: string | undefined;
  readonly commands: ReadonlySet<string>;
  /** Only for a user other than root. */
  readonly sudo: 'none' | 'nopasswd' | 'password' | undefined;
  readonly cluster: PathFacts;
  /** The cluster directory carries ddb-setup's marker: a deployment was made here before. */
  readonly marker: boolean;
  /** This version's package is already unpacked in the cluster directory. */
  readonly installed: boolean;
  /** What an earlier run left on the way to unpacking (probe-script.ts `leftoverFacts`). */
  readonly leftovers: {
    /** Bytes of the package archive in place. */
    readonly archiveBytes: number | undefined;
    /** KB used by a partial upload of it. */
    readonly uploadKB: number | undefined;
    /** KB used by a partial unpack directory carrying ddb-setup's mark. */
    readonly unpackingKB: number | undefined;
  };
  readonly volumes: readonly PathFacts[];
  readonly memTotalKB: number | undefined;
  readonly memAvailableKB: number | undefined;
  readonly nofile: { readonly soft: number; readonly hard: number } | undefined;
  readonly cpus: number | undefined;
  /** Listening TCP ports, each with the socket inodes listening on it. */
  readonly listening: ReadonlyMap<number, readonly string[]>;
  /** Socket inodes held by processes of this cluster. */
  readonly ownSockets: ReadonlySet<string>;
  /** Mode swarm: the Docker engine, as far as the probe could tell. */
  readonly docker: DockerFacts;
  /** The host's IPv4 addresses with their prefixes (`10.0.0.5/24`). */
  readonly addresses: readonly string[];
};

export type DockerFacts = {
  /** `missing`: no docker command; `down`: the engine does not answer (its message in `error`). */
  readonly state: 'missing' | 'down' | 'up' | undefined;
  readonly version: string | undefined;
  readonly error: string | undefined;
  /** `inactive`, `active`, `pending`, `error`, `locked`. */
  readonly swarm: string | undefined;
  readonly manager: boolean;
  /** This node's id in its swarm, and the ids of the managers it knows (a worker's tell its swarm). */
  readonly nodeId: string | undefined;
  readonly managers: readonly string[];
  /** The engine's hard open-files limit, which caps a container's (`unlimited` → undefined). */
  readonly nofile: number | undefined;
  readonly networks: readonly { readonly name: string; readonly subnets: readonly string[] }[];
  /** Running containers by name, with the host ports each publishes (`0.0.0.0:8901->8901/tcp`). */
  readonly published: ReadonlyMap<string, readonly number[]>;
};

/** Parses the probe's lines. Unknown lines are ignored, so an older probe output still parses. */
export function parseHostFacts(output: string, volumeCount: number): HostFacts {
  const values = new Map<string, string>();
  const commands = new Set<string>();
  const listening = new Map<number, string[]>();
  const ownSockets = new Set<string>();
  const mem = new Map<string, number>();
  const networks: { name: string; subnets: string[] }[] = [];
  const published = new Map<string, number[]>();
  const addresses: string[] = [];
  for (const line of output.split('\n')) {
    const [key = '', ...rest] = line.trim().split(/\s+/);
    const value = rest.join(' ');
    if (key === 'command') commands.add(value);
    else if (key === 'listen') {
      const port = Number.parseInt(rest[0] ?? '', 16);
      if (Number.isInteger(port)) listening.set(port, [...(listening.get(port) ?? []), rest[1] ?? '']);
    } else if (key === 'ours') ownSockets.add(value);
    else if (key === 'mem') mem.set(rest[0] ?? '', Number(rest[1]));
    else if (key === 'docker.network') networks.push({ name: rest[0] ?? '', subnets: rest.slice(1) });
    else if (key === 'docker.container' && rest[0])
      published.set(rest[0], publishedPorts(rest.slice(1).join(' ')));
    else if (key === 'address') addresses.push(value);
    else if (key !== '') values.set(key, value);
  }
  const has = (key: string) => values.has(key);
  const number = (text: string | undefined) => {
    const n = Number(text);
    return text !== undefined && text !== '' && Number.isFinite(n) ? n : undefined;
  };
  const path = (key: string): PathFacts => ({
    base: values.get(`${key}.base`) ?? '',
    exists: has(`${key}.exists`),
    nonEmpty: has(`${key}.nonempty`),
    writable: has(`${key}.writable`),
    freeKB: number(values.get(`${key}.freekb`)),
  });
  const [uid, user] = (values.get('uid') ?? '').split(' ');
  const [soft, hard] = (values.get('nofile') ?? '').split(' ').map(limit);
  const sudo = values.get('sudo');
  return {
    clockMs: clockMs(values.get('clock')),
    os: values.get('os') || undefined,
    arch: values.get('arch') || undefined,
    uid: number(uid),
    user: user || undefined,
    commands,
    sudo: sudo === 'none' || sudo === 'nopasswd' || sudo === 'password' ? sudo : undefined,
    cluster: path('cluster'),
    marker: has('marker'),
    installed: has('installed'),
    leftovers: {
      archiveBytes: number(values.get('leftover.archive')),
      uploadKB: number(values.get('leftover.upload')),
      unpackingKB: number(values.get('leftover.unpacking')),
    },
    volumes: Array.from({ length: volumeCount }, (_, index) => path(`volume${index}`)),
    memTotalKB: mem.get('MemTotal:'),
    memAvailableKB: mem.get('MemAvailable:'),
    nofile: soft !== undefined && hard !== undefined ? { soft, hard } : undefined,
    cpus: number(values.get('cpus')),
    listening,
    ownSockets,
    docker: {
      state: has('docker.missing')
        ? 'missing'
        : has('docker.down')
          ? 'down'
          : has('docker.version')
            ? 'up'
            : undefined,
      version: values.get('docker.version'),
      error: values.get('docker.down'),
      swarm: values.get('docker.swarm')?.split(' ')[0] || undefined,
      manager: values.get('docker.swarm')?.split(' ')[1] === 'true',
      nodeId: values.get('docker.swarm')?.split(' ')[2] || undefined,
      managers:
        values
          .get('docker.swarm')
          ?.split(' ')
          .slice(3)
          .filter((id) => id !== '') ?? [],
      nofile: number(values.get('docker.nofile')),
      networks,
      published,
    },
    addresses,
  };
}

/** `date +%s%N` in ms; a date without %N support prints `<seconds>N`, taken as whole seconds. */
function clockMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{19}$/.test(text)) return Number(BigInt(text) / 1_000_000n);
  const seconds = /^(\d{9,11})N?$/.exec(text);
  return seconds ? Number(seconds[1]) * 1000 : undefined;
}

/** `ulimit -n` prints a number or `unlimited`. */
function limit(text: string | undefined): number | undefined {
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(n) ? n : undefined;
}

/** Host ports in `docker ps` Ports text: `0.0.0.0:8901->8901/tcp`, ranges `0.0.0.0:8710-8712->8710-8712/tcp`. */
function publishedPorts(text: string): number[] {
  const ports = new Set<number>();
  for (const match of text.matchAll(/:(\d+)(?:-(\d+))?->/g)) {
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let port = first; port <= last && port - first < 65536; port++) ports.add(port);
  }
  return [...ports];
}
