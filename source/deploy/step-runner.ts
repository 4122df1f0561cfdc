import { awaitLeader } from './actions/await-leader.js';
import { installLicense } from './actions/install-license.js';
import { prepareHost } from './actions/prepare-host.js';
import { startNode } from './actions/start-node.js';
import { stopNode } from './actions/stop-node.js';
import { switchWorkers } from './actions/switch-workers.js';
import { transferPackage } from './actions/transfer-package.js';
import { unpackPackage } from './actions/unpack-package.js';
import { verifyCluster } from './actions/verify-cluster.js';
import { writeFiles } from './actions/write-files.js';
import type { DeployContext } from './deploy-context.js';
import type { StepRunner } from './run-plan.js';

/** The real actions behind each step type. */
export function createStepRunner(deploy: DeployContext): StepRunner {
  return async (context) => {
    const action = context.step.action;
    switch (action.type) {
      case 'prepare-host':
        return prepareHost(action, context, deploy);
      case 'transfer-package':
        return transferPackage(action, context, deploy);
      case 'unpack-package':
        return unpackPackage(action, context, deploy);
      case 'install-license':
        return installLicense(action, context, deploy);
      case 'write-files':
        return writeFiles(action.files, context, deploy);
      case 'start-node':
        return startNode(action, context, deploy);
      case 'await-leader':
        return awaitLeader(action, context, deploy);
      case 'start-workers':
        return switchWorkers('start', action, context, deploy);
      case 'stop-workers':
        return switchWorkers('stop', action, context, deploy);
      case 'stop-node':
        return stopNode(action, context, deploy);
      case 'verify':
        return verifyCluster(action, context, deploy);
    }
  };
}
