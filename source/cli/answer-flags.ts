import type { TemplateOptions } from '../model/template-topology.js';
import { deploymentModes, type ConfigValue, type DeploymentMode } from '../model/topology.js';
import { pathProblem } from '../model/validators/paths.js';
import { parseHostCount } from '../wizard/layout-counts.js';
import { expandHosts } from './host-list.js';
import { UsageError } from './usage-error.js';

/**
 * The flag twin of every wizard question, shared by `template` and `wizard`: Mode (--mode), Hosts
 * (--hosts and the SSH answers every host shares), Layout (counts, base port) and Options (server,
 * package, licence, directory, replication, memory, workers, heartbeats, volumes, public names, the
 * swarm image). A password is never a flag: it would be in the shell's history and `ps`.
 */
export const answerOptions = {
  mode: { type: 'string' },
  hosts: { type: 'string' },
  'ssh-user': { type: 'string' },
  'ssh-port': { type: 'string' },
  'identity-file': { type: 'string' },
  controllers: { type: 'string' },
  datanodes: { type: 'string' },
  computenodes: { type: 'string' },
  'base-port': { type: 'string' },
  name: { type: 'string' },
  'server-version': { type: 'string' },
  package: { type: 'string' },
  license: { type: 'string' },
  'deploy-dir': { type: 'string' },
  'replication-factor': { type: 'string' },
  'reliability-level': { type: 'string' },
  'max-mem-size': { type: 'string' },
  workers: { type: 'string' },
  'lan-cluster': { type: 'boolean' },
  volumes: { type: 'string', multiple: true },
  'public-name': { type: 'string', multiple: true },
  image: { type: 'string' },
  'image-archive': { type: 'string' },
} as const;

/** What parseArgs gives for `answerOptions`. */
export type AnswerValues = {
  readonly [K in keyof typeof answerOptions]?: (typeof answerOptions)[K] extends { type: 'boolean' }
    ? boolean
    : (typeof answerOptions)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** Flag answers: any of the template's options, each checked for its form. */
export type Answers = Partial<TemplateOptions>;

/**
 * Reads the answer flags. Each value's form is checked here, with a message naming the flag and
 * the fix; whether values fit together (3 controllers on 2 servers) is `answerProblems`' concern.
 */
export function readAnswers(values: AnswerValues): Answers {
  const mode = values.mode === undefined ? undefined : readMode(values.mode);
  const addresses = values.hosts === undefined ? undefined : expandHosts(values.hosts);
  const basePort = whole(values['base-port'], '--base-port', 'a port from 1024 to 65000, e.g. 8900');
  const datanodes = hostCount(values.datanodes, '--datanodes', addresses);
  const computenodes = hostCount(values.computenodes, '--computenodes', addresses);
  return defined({
    mode,
    addresses,
    sshUser: text(values['ssh-user'], '--ssh-user', 'root'),
    sshPort: whole(values['ssh-port'], '--ssh-port', 'the SSH port, 1–65535 (usually 22)'),
    identityFile: text(values['identity-file'], '--identity-file', '~/.ssh/id_ed25519'),
    controllers: whole(values.controllers, '--controllers', 'an odd number, 3 or more (1 in mode cluster)'),
    datanodes: typeof datanodes === 'number' ? datanodes : undefined,
    hostDatanodes: typeof datanodes === 'object' ? datanodes : undefined,
    computenodes: typeof computenodes === 'number' ? computenodes : undefined,
    hostComputenodes: typeof computenodes === 'object' ? computenodes : undefined,
    basePort,
    name: text(values.name, '--name', 'demo'),
    version: text(values['server-version'], '--server-version', '2.00.11.3'),
    package: text(values.package, '--package', './DolphinDB_Linux64_V2.00.11.3.zip'),
    license: text(values.license, '--license', './dolphindb.lic'),
    deployDir: text(values['deploy-dir'], '--deploy-dir', '/opt/dolphindb'),
    replicationFactor: whole(
      values['replication-factor'],
      '--replication-factor',
      'the number of copies of each chunk, 1 or more (2 for high availability)',
      1,
    ),
    reliabilityLevel: level(values['reliability-level']),
    maxMemSize: memory(values['max-mem-size']),
    workerNum: whole(
      values.workers,
      '--workers',
      'the worker threads per node, 1 or more (about its CPU cores)',
      1,
    ),
    lanCluster: values['lan-cluster'],
    volumes: volumes(values.volumes, mode, basePort),
    publicNames: publicNames(values['public-name'], addresses),
    image: text(values.image, '--image', 'dolphindb/dolphindb:v2.00.11.3'),
    imageArchive: text(values['image-archive'], '--image-archive', './ddb-image.tar'),
  });
}

function readMode(value: string): DeploymentMode {
  if ((deploymentModes as readonly string[]).includes(value)) return value as DeploymentMode;
  const lower = value.toLowerCase();
  const hint = (deploymentModes as readonly string[]).includes(lower)
    ? ` (modes are lower case: ${lower})`
    : '';
  throw new UsageError(`--mode ${value} is not a mode${hint}: use one of ${deploymentModes.join(', ')}`);
}

/** A non-empty value without line breaks (it goes into a YAML file and config files as is). */
function text(value: string | undefined, option: string, example: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /[\r\n]/.test(trimmed))
    throw new UsageError(`${option} needs a value on one line, e.g. ${option} ${example}`);
  return trimmed;
}

function whole(value: string | undefined, option: string, what: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min)
    throw new UsageError(`${option} ${value} is not a whole number: give ${what}`);
  return Number(value);
}

/** `2` for every host or `2,1,1` per host in order, as the Layout screen reads it. */
function hostCount(value: string | undefined, option: string, addresses: readonly string[] | undefined) {
  if (value === undefined) return undefined;
  const parsed = parseHostCount(value, 64);
  if (parsed !== 'invalid') return parsed;
  const example = (addresses ?? ['', '', '']).map((_, index) => (index === 0 ? 2 : 1)).join(',');
  throw new UsageError(
    `${option} ${value}: give a whole number from 0 to 64 for every host, or one per host in order, e.g. ${option} ${example}`,
  );
}

function level(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^[012]$/.test(value.trim())) return Number(value);
  throw new UsageError(
    `--reliability-level ${value}: use 0 (replicas may share a server), 1 (never: survives losing a server) or 2 (spread when possible)`,
  );
}

/** maxMemSize is a number of GB; `8GB` or `8g` is the commonest slip, so its fix is spelt out. */
function memory(value: string | undefined): ConfigValue | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^\d+\.\d+$/.test(trimmed)) return trimmed;
  const number = /^(\d+(?:\.\d+)?)\s*(g|gb|gib)$/i.exec(trimmed)?.[1];
  throw new UsageError(
    number !== undefined
      ? `--max-mem-size ${value}: maxMemSize is in GB, write --max-mem-size ${number}`
      : `--max-mem-size ${value} is not a number of GB: give the memory per node, e.g. --max-mem-size 8 (0: no limit)`,
  );
}

/**
 * `--volumes ALIAS=DIR[,DIR…]`, once per data node; in mode single the node may go unnamed. Each
 * directory is checked as the topology's own paths are (absolute, ASCII, no spaces).
 */
function volumes(
  values: readonly string[] | undefined,
  mode: DeploymentMode | undefined,
  basePort: number | undefined,
): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const value of values) {
    const match = /^([A-Za-z][A-Za-z0-9_-]*)=(.*)$/.exec(value.trim());
    if (!match && mode !== 'single')
      throw new UsageError(
        `--volumes ${value}: name the data node, e.g. --volumes datanode1=/ssd1/datanode1,/ssd2/datanode1 (one --volumes per data node)`,
      );
    const alias = match?.[1] ?? `local${basePort ?? 8848}`;
    const dirs = (match?.[2] ?? value).split(',').map((dir) => dir.trim());
    for (const dir of dirs) {
      const problem = pathProblem(dir);
      if (problem)
        throw new UsageError(
          `--volumes ${value}: "${dir}" cannot be a volume: ${problem}; e.g. /ssd1/${alias}`,
        );
    }
    if (result[alias] !== undefined)
      throw new UsageError(
        `--volumes names ${alias} twice: list all its directories in one, comma-separated`,
      );
    result[alias] = dirs.join(',');
  }
  return result;
}

/** `--public-name P1=NAME` or `ADDRESS=NAME`, once per host; with one host the host may go unnamed. */
function publicNames(
  values: readonly string[] | undefined,
  addresses: readonly string[] | undefined,
): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const value of values) {
    const match = /^([^=]+)=(.*)$/.exec(value.trim());
    if (!match && addresses?.length !== 1)
      throw new UsageError(
        `--public-name ${value}: name the server, e.g. --public-name P1=ddb1.example.com or --public-name ${addresses?.[0] ?? '10.0.0.80'}=ddb1.example.com`,
      );
    const key = match?.[1]?.trim() ?? 'P1';
    const index = addresses?.indexOf(key) ?? -1;
    const host = index >= 0 ? `P${index + 1}` : key;
    if (!/^P[1-9]\d*$/.test(host))
      throw new UsageError(
        `--public-name ${value}: ${key} is not a server; name it P1, P2, … (in --hosts order) or by its address in --hosts`,
      );
    const name = (match?.[2] ?? value).trim();
    if (!/^[A-Za-z0-9.-]+$/.test(name))
      throw new UsageError(
        `--public-name ${value}: "${name}" is not an address or domain name; e.g. ${host}=ddb1.example.com`,
      );
    if (result[host] !== undefined)
      throw new UsageError(`--public-name names ${host} twice: give each server one public name`);
    result[host] = name;
  }
  return result;
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
