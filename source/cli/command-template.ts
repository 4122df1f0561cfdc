import { hasErrors, type Issue } from '../model/issues.js';
import {
  checkTemplateOptions,
  defaultVersion,
  templateTopology,
  type TemplateOptions,
} from '../model/template-topology.js';
import { deploymentModes, type DeploymentMode } from '../model/topology.js';
import { validateTopology } from '../model/validate-topology.js';
import { writeTopology } from '../model/write-topology.js';
import type { CommandEnv } from './command-env.js';
import { parseInteger, parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

const options = {
  mode: { type: 'string' },
  hosts: { type: 'string' },
  name: { type: 'string' },
  'server-version': { type: 'string' },
  package: { type: 'string' },
  license: { type: 'string' },
  datanodes: { type: 'string' },
  computenodes: { type: 'string' },
  controllers: { type: 'string' },
  'base-port': { type: 'string' },
  'deploy-dir': { type: 'string' },
  'ssh-user': { type: 'string' },
  'ssh-port': { type: 'string' },
  'identity-file': { type: 'string' },
} as const;

const modeLines: Record<DeploymentMode, string> = {
  single: 'one standalone server (dolphindb.cfg)',
  cluster: 'one controller; an agent and data nodes per server (seed 002)',
  'pseudo-ha':
    'a Raft group of controllers on one or two servers: survives a controller process failure, not the loss of the server holding most controllers (seed 003)',
  ha: 'a Raft group with each controller on its own server: survives the loss of any one server (seeds 001, 003)',
  swarm: 'every process in a container on a Docker Swarm overlay network (seed 000)',
};

/** `template --mode MODE --hosts ADDR[,ADDR…]`: prints a complete topology that validates. */
export function runTemplate(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions('template', options, argv);
  const mode = values.mode;
  if (mode === undefined) throw new UsageError(`--mode is required: one of ${deploymentModes.join(', ')}`);
  if (!(deploymentModes as readonly string[]).includes(mode))
    throw new UsageError(`--mode ${mode} is not a mode: use one of ${deploymentModes.join(', ')}`);
  if (values.hosts === undefined)
    throw new UsageError(
      '--hosts is required: the intranet address of each server, comma-separated, e.g. --hosts 10.0.0.80,10.0.0.81,10.0.0.82',
    );
  const templateOptions: TemplateOptions = {
    mode: mode as DeploymentMode,
    addresses: values.hosts
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== ''),
    ...defined({
      name: values.name,
      version: values['server-version'],
      package: values.package,
      license: values.license,
      datanodes: parseInteger(values.datanodes, '--datanodes'),
      computenodes: parseInteger(values.computenodes, '--computenodes'),
      controllers: parseInteger(values.controllers, '--controllers'),
      basePort: parseInteger(values['base-port'], '--base-port'),
      deployDir: values['deploy-dir'],
      sshUser: values['ssh-user'],
      sshPort: parseInteger(values['ssh-port'], '--ssh-port'),
      identityFile: values['identity-file'],
    }),
  };
  const problems = checkTemplateOptions(templateOptions);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.option}: ${p.message}`).join('\n'));
  const topology = templateTopology(templateOptions);
  const issues = validateTopology(topology);
  if (hasErrors(issues)) {
    // The options made something invalid (an address, a name, a path): say which value to change.
    throw new UsageError(
      issues
        .filter((i) => i.level === 'error')
        .map((i) => `${optionFor(i)}: ${i.message}`)
        .join('\n'),
    );
  }
  const header = [
    `ddb-setup topology, mode ${topology.mode}: ${modeLines[topology.mode]}.`,
    'Every DolphinDB process is one row of nodes, as cluster.nodes will list it.',
    'Next: ddb-setup validate -f FILE, then ddb-setup render -f FILE to review every file.',
    ...issues.map((issue) => `warning (${issue.code}): ${issue.message}`),
  ];
  env.output.out(writeTopology(topology, { header }));
  return 0;
}

/** The template option behind an issue in the generated topology. */
function optionFor({ path, code }: Issue): string {
  if (code.includes('datanode') || code.startsWith('replica')) return '--datanodes';
  if (code.startsWith('port')) return '--base-port';
  if (path.startsWith('hosts')) return '--hosts';
  if (path === 'name') return '--name';
  if (path.startsWith('server.version')) return '--server-version';
  if (path.startsWith('server.package')) return '--package';
  if (path.includes('deployDir')) return '--deploy-dir';
  if (path.startsWith('nodes')) return '--mode';
  return path;
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export { defaultVersion };
