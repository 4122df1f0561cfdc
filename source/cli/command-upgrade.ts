import { resolve } from 'node:path';
import type { Topology } from '../model/topology.js';
import { validateTopology } from '../model/validate-topology.js';
import { hasErrors } from '../model/issues.js';
import { parseVersion } from '../model/version.js';
import type { CommandEnv } from './command-env.js';
import { deployOptions, deployPlanned } from './command-deploy.js';
import { paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { plannedOf, topologyFromFile } from './plan-from-file.js';
import { UsageError } from './usage-error.js';

/**
 * `upgrade -f FILE --to VERSION [--package P]`: deploy with server.version (and server.package) set
 * to those, without editing FILE. The same as changing them in the file and running deploy: the
 * hosts are read first, and the upgrade is rolling or stop-all as the cluster allows.
 */
export async function runUpgrade(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'upgrade',
    {
      ...deployOptions,
      to: { type: 'string' },
      package: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    argv,
  );
  const format = parseFormat(values.format, 'upgrade');
  const to = values.to?.replace(/^[vV]/, '');
  if (to === undefined)
    throw new UsageError('--to VERSION is required: name the DolphinDB version to run, e.g. --to 2.00.12.3');
  if (!parseVersion(to))
    throw new UsageError(`--to ${values.to} is not a DolphinDB version: write it as 2.00.12.3 or 3.00.2`);
  const checked = topologyFromFile(values.file, env, format, 'upgrade');
  if (typeof checked === 'number') return checked;
  const topology = withVersion(checked.topology, to, values.package, env.cwd);
  const issues = validateTopology(topology).filter((issue) => issue.level === 'error');
  if (hasErrors(issues)) {
    for (const issue of issues) env.output.err(`${paint(env.output, 'red', '✗')} ${issue.message}\n`);
    env.output.err(
      `${paint(env.output, 'red', '✗')} nothing to upgrade: version ${to} does not fit the topology (above)\n`,
    );
    return 1;
  }
  const planned = plannedOf({ ...checked, topology });
  const code = await deployPlanned(planned, values, env, format, {
    verb: `upgrade --to ${to}`,
    dryRun: values['dry-run'] === true,
  });
  if (code === 0 && values['dry-run'] !== true && format === 'text' && checked.topology.server.version !== to)
    env.output.err(
      `${paint(env.output, 'yellow', '!')} ${values.file} still says server.version: ${checked.topology.server.version}: set it to ${to}` +
        `${values.package ? ` (and server.package to ${values.package})` : ''}, or a later deploy of that file goes back\n`,
    );
  return code;
}

/** The topology with another server version and package (a path given here is relative to the working directory). */
function withVersion(topology: Topology, version: string, pkg: string | undefined, cwd: string): Topology {
  if (pkg === undefined) return { ...topology, server: { ...topology.server, version } };
  const location = /^https?:\/\//i.test(pkg) ? pkg : resolve(cwd, pkg);
  return { ...topology, server: { ...topology.server, version, package: location } };
}
