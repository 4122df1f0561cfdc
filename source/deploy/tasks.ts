import type { StepAction, StepKind } from '../plan/plan.js';
import type { DeployContext } from './deploy-context.js';
import type { StepRunner } from './run-plan.js';
import { addNodes } from './tasks/add-nodes.js';
import { removeWorkers } from './tasks/remove-workers.js';
import { restartNode } from './tasks/restart-node.js';
import { restartWorker } from './tasks/restart-worker.js';
import { backupConfigs } from './tasks/backup-configs.js';
import { copyNodeDir } from './tasks/copy-node-dir.js';
import { snapshotDatabases } from './tasks/snapshot-databases.js';
import { verifyDatabases } from './tasks/verify-databases.js';
import { applyLicense } from './tasks/apply-license.js';
import { awaitChunks } from './tasks/await-chunks.js';
import { awaitLeader } from './tasks/await-leader.js';
import { backupMetadata } from './tasks/backup-metadata.js';
import { carryLicense } from './tasks/carry-license.js';
import { createNetwork } from './tasks/create-network.js';
import { installLicense } from './tasks/install-license.js';
import { joinSwarm } from './tasks/join-swarm.js';
import { leaveSwarm } from './tasks/leave-swarm.js';
import { loadImage } from './tasks/load-image.js';
import { prepareHost } from './tasks/prepare-host.js';
import { removeContainer } from './tasks/remove-container.js';
import { removeCreated } from './tasks/remove-created.js';
import { removeNetwork } from './tasks/remove-network.js';
import { recordTopology } from './tasks/record-topology.js';
import { startContainer } from './tasks/start-container.js';
import { startNode } from './tasks/start-node.js';
import { startWorkers } from './tasks/start-workers.js';
import { stopContainer } from './tasks/stop-container.js';
import { stopNode } from './tasks/stop-node.js';
import { stopWorkers } from './tasks/stop-workers.js';
import type { Task } from './tasks/task.js';
import { transferPackage } from './tasks/transfer-package.js';
import { unpackPackage } from './tasks/unpack-package.js';
import { verify } from './tasks/verify.js';
import { verifyVersion } from './tasks/verify-version.js';
import { writeFiles } from './tasks/write-files.js';

/** Every kind of step and its task. A kind of StepAction missing here does not compile. */
const tasks: { readonly [K in StepKind]: Task<K> } = {
  'prepare-host': prepareHost,
  'transfer-package': transferPackage,
  'unpack-package': unpackPackage,
  'install-license': installLicense,
  'write-files': writeFiles,
  'start-node': startNode,
  'await-leader': awaitLeader,
  'start-workers': startWorkers,
  'stop-workers': stopWorkers,
  'stop-node': stopNode,
  'join-swarm': joinSwarm,
  'create-network': createNetwork,
  'load-image': loadImage,
  'start-container': startContainer,
  'stop-container': stopContainer,
  'remove-created': removeCreated,
  'remove-container': removeContainer,
  'remove-network': removeNetwork,
  'leave-swarm': leaveSwarm,
  verify,
  'await-chunks': awaitChunks,
  'backup-metadata': backupMetadata,
  'verify-version': verifyVersion,
  'apply-license': applyLicense,
  'carry-license': carryLicense,
  'record-topology': recordTopology,
  'add-nodes': addNodes,
  'remove-workers': removeWorkers,
  'restart-node': restartNode,
  'restart-worker': restartWorker,
  'backup-configs': backupConfigs,
  'copy-node-dir': copyNodeDir,
  'snapshot-databases': snapshotDatabases,
  'verify-databases': verifyDatabases,
};

/**
 * The task of an action's kind. The map above pairs each kind with its own action type, which
 * TypeScript cannot follow through an index by a union: hence the one cast.
 */
function taskOf(action: StepAction): Task<StepKind> {
  return tasks[action.type] as Task<StepKind>;
}

/** What a step runs, as `ddb-setup plan` prints it. */
export function describeStep(action: StepAction): readonly string[] {
  return taskOf(action).describe(action);
}

/** The engine's step runner: each step's action carried out by its kind's task. */
export function createStepRunner(deploy: DeployContext): StepRunner {
  return (context) => taskOf(context.step.action).run(context.step.action, context, deploy);
}
