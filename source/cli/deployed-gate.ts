import type { DeployedState } from '../app/deployed-state.js';
import type { Topology } from '../model/topology.js';
import { needsChangePlan } from '../plan/difference/change.js';
import { differenceOf } from '../plan/difference/difference.js';
import type { CommandEnv } from './command-env.js';
import { changeLines, unreadNote } from './difference-lines.js';
import { paint } from './output.js';

/**
 * Deploy's first question, before the pre-flight gate and before anything is written: what is
 * deployed already. A change deploy cannot apply safely yet (a removal, a move, controllers, the
 * version) or drift (cluster.nodes changed outside ddb-setup) refuses the run, since writing the
 * file's cluster.nodes and configs over it would drop nodes or half-move a process. Returns true
 * when deploy may go on; the changes it does apply are printed first. `reading` is
 * app/deployed-state.ts#readDeployed, started by the caller as early as it can (deploy: together
 * with reading the running version).
 */
export async function deployedGate(
  topology: Topology,
  file: string,
  reading: Promise<DeployedState>,
  env: CommandEnv,
  /** The run upgrades the version: it applies nothing else of the file, so nothing else may differ. */
  upgrading = false,
): Promise<boolean> {
  const deployed = await reading;
  if (deployed.state !== 'deployed') return true;
  const err = (text: string) => env.output.err(text);
  err(unreadNote(env, deployed));
  const changes = differenceOf(deployed.applied, topology);
  const refused = changes.filter(
    (change) => !change.deployApplies || (upgrading && needsChangePlan([change])),
  );
  const cross = paint(env.output, 'red', '✗');
  if (refused.length === 0 && deployed.drift.length === 0) {
    if (changes.length > 0)
      err(
        `Changes against what is deployed (read from ${deployed.readFrom.join(', ')}):\n${changes.flatMap((change) => changeLines(env, change)).join('\n')}\n`,
      );
    return true;
  }
  if (refused.length > 0)
    err(
      `${cross} cluster ${topology.name} is deployed (read from ${deployed.readFrom.join(', ')}) and ${file} asks for changes deploy does not apply:\n` +
        `${refused.flatMap((change) => changeLines(env, change)).join('\n')}\n`,
    );
  if (deployed.drift.length > 0)
    err(
      `${cross} the servers were changed outside ddb-setup; deploy would write over it:\n` +
        deployed.drift.map((drift) => `  ! ${drift.what}\n      fix: ${drift.fix}\n`).join(''),
    );
  err(
    `nothing changed: ${upgrading && refused.length > 0 ? `an upgrade changes the version only: upgrade first with the nodes as deployed, then apply the other changes with a second deploy` : refused.length > 0 ? `make these changes by hand (how above) or take them out of ${file}` : 'settle the drift above'}, then run again (\`ddb-setup plan -f ${file}\` shows the difference)\n`,
  );
  return false;
}
