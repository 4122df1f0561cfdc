import type { StepAction } from './plan.js';
import {
  checksumScript,
  downloadScript,
  installLicenseScript,
  packageStateScript,
  prepareScript,
  nodeScript,
  unpackScript,
} from './remote-scripts.js';

/**
 * What a step runs, as `ddb-setup plan` shows it: remote scripts verbatim (values known only at run
 * time appear as <sha256> and <time>), transfers and DolphinDB API calls as one line each.
 */
export function describeStep(action: StepAction): string[] {
  switch (action.type) {
    case 'prepare-host':
      return [prepareScript(action.clusterDir, action.cluster, action.dirs)];
    case 'transfer-package': {
      const check = packageStateScript(action.archive, action.serverDir);
      const move =
        action.source.kind === 'file'
          ? `upload ${action.source.path} -> ${action.archive} (skipped when ${action.serverDir} already holds this package; checksum verified on arrival)`
          : `${downloadScript(action.source.url, action.archive)}\n(when the host cannot reach the URL: ddb-setup downloads it once and uploads it)`;
      return [check, move];
    }
    case 'unpack-package':
      return [unpackScript(action.archive, action.serverDir, '<sha256>', '<time>')];
    case 'install-license':
      return [
        `upload ${action.localPath} -> ${action.target}.ddb-setup-new`,
        installLicenseScript(`${action.target}.ddb-setup-new`, action.target),
      ];
    case 'write-files':
      return [
        checksumScript(action.files.map((file) => file.path)),
        ...action.files.map(
          (file) =>
            `write ${file.path} (mode ${file.fileMode.toString(8).padStart(4, '0')}) unless identical; a different file is kept as ${file.path}.bak-<time>`,
        ),
      ];
    case 'start-node':
      return [
        nodeScript(action.script),
        `wait until ${action.node.address}:${action.node.port} answers the DolphinDB API (log: ${action.logFile})`,
      ];
    case 'await-leader':
      return action.raft
        ? [`getActiveMaster() on ${sites(action.controllers)} until a majority names one leader`]
        : [`version() on ${sites(action.controllers)} until it answers`];
    case 'start-workers':
      return [
        `startDataNode([${action.workers.map((node) => JSON.stringify(node.alias)).join(', ')}]) on the leader`,
        'getClusterPerf(true) on the leader until every one of them has state 1',
      ];
    case 'stop-workers':
      return [
        `stopDataNode([${action.workers.map((node) => JSON.stringify(node.alias)).join(', ')}]) on the leader`,
        'getClusterPerf(true) on the leader until none of them is up',
      ];
    case 'stop-node':
      return [nodeScript(action.script)];
    case 'verify':
      if (action.single) return [`version() on ${sites(action.controllers)}`];
      return [`getClusterPerf(true) on the leader: ${action.expected.join(', ')} up, one leader`];
  }
}

function sites(nodes: readonly { address: string; port: number; alias: string }[]): string {
  return nodes.map((node) => `${node.alias} (${node.address}:${node.port})`).join(', ');
}
