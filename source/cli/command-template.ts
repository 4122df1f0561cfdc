import { deploymentModes, type DeploymentMode } from '../model/topology.js';
import { writeTopology } from '../model/write-topology.js';
import { answerOptions, readAnswers } from './answer-flags.js';
import { checkAnswers, givenFlags } from './answer-problems.js';
import type { CommandEnv } from './command-env.js';
import { parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

const modeLines: Record<DeploymentMode, string> = {
  single: 'one standalone server (dolphindb.cfg)',
  cluster: 'one controller; an agent and data nodes per server (seed 002)',
  'pseudo-ha':
    'a Raft group of controllers on one or two servers: survives a controller process failure, not the loss of the server holding most controllers (seed 003)',
  ha: 'a Raft group with each controller on its own server: survives the loss of any one server (seeds 001, 003)',
  swarm: 'every process in a container on a Docker Swarm overlay network (seed 000)',
};

/**
 * `template --mode MODE --hosts ADDR[,ADDR…] [answers]`: prints a complete topology that validates.
 * It takes every answer the wizard asks for (answer-flags.ts), checked by the same model rules.
 */
export function runTemplate(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions('template', answerOptions, argv);
  if (values.mode === undefined)
    throw new UsageError(`--mode is required: one of ${deploymentModes.join(', ')}`);
  const answers = readAnswers(values);
  if (values.hosts === undefined)
    throw new UsageError(
      '--hosts is required: the intranet address of each server, comma-separated, e.g. --hosts 10.0.0.80,10.0.0.81,10.0.0.82 (or 10.0.0.80-82)',
    );
  const { topology, problems, warnings } = checkAnswers(answers, givenFlags(values));
  // The options made something invalid (an address, a name, a path): say which value to change.
  if (problems.length > 0 || !topology)
    throw new UsageError(problems.map((p) => `${p.option}: ${p.message}`).join('\n'));
  const header = [
    `ddb-setup topology, mode ${topology.mode}: ${modeLines[topology.mode]}.`,
    'Every DolphinDB process is one row of nodes, as cluster.nodes will list it.',
    'Next: ddb-setup validate -f FILE, then ddb-setup render -f FILE to review every file.',
    ...warnings.map((issue) => `warning (${issue.code}): ${issue.message}`),
  ];
  env.output.out(writeTopology(topology, { header }));
  return 0;
}
