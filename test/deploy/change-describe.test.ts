/** What `ddb-setup plan` prints for the steps that change a running cluster. */
import { describe, expect, it } from 'vitest';
import { addNodes } from '../../source/deploy/tasks/add-nodes.js';
import { removeWorkers } from '../../source/deploy/tasks/remove-workers.js';
import { restartNode } from '../../source/deploy/tasks/restart-node.js';
import { restartWorker } from '../../source/deploy/tasks/restart-worker.js';
import type { NodeEndpoint } from '../../source/plan/plan.js';

const at = (alias: string, host: string, port: number): NodeEndpoint => ({
  alias,
  host,
  address: host,
  port,
});
const controllers = [at('controller1', '10.0.0.80', 8800), at('controller2', '10.0.0.81', 8800)];
const dir = '/opt/dolphindb/demo/nodes';

describe('describe of the change steps', () => {
  it('add-nodes names each addNode call, nodeType only for a compute node', () => {
    const lines = addNodes.describe({
      type: 'add-nodes',
      controllers,
      nodes: [
        { node: at('datanode4', '10.0.0.83', 8802), mode: 'datanode' },
        { node: at('computenode4', '10.0.0.83', 8803), mode: 'computenode' },
      ],
    });
    expect(lines).toContain('  addNode("10.0.0.83", 8802, "datanode4", false)');
    expect(lines).toContain('  addNode("10.0.0.83", 8803, "computenode4", false, "computenode")');
  });

  it('remove-workers checks the chunks of the data nodes only', () => {
    const workers = [at('datanode3', '10.0.0.82', 8802), at('computenode3', '10.0.0.82', 8803)];
    const lines = removeWorkers.describe({
      type: 'remove-workers',
      controllers,
      workers,
      dataNodes: ['datanode3'],
    });
    expect(lines[0]).toBe(
      'select chunkId, replicas from getClusterChunksStatus() on the leader: refuse if datanode3 holds a replica',
    );
    expect(lines[1]).toBe(
      'stopDataNode(["datanode3", "computenode3"]) on the leader, for those it lists as running',
    );
    const computeOnly = removeWorkers.describe({
      type: 'remove-workers',
      controllers,
      workers,
      dataNodes: [],
    });
    expect(computeOnly[0]).toMatch(/^stopDataNode/);
  });

  it('restart-node reads the start time, then restarts a Raft controller only while a majority remains', () => {
    const lines = restartNode.describe({
      type: 'restart-node',
      role: 'controller',
      process: {
        node: controllers[1] ?? at('x', 'x', 1),
        start: `${dir}/controller2/start.sh`,
        stop: `${dir}/controller2/stop.sh`,
        logFile: `${dir}/controller2/log/controller2.log`,
      },
      controllers,
      raft: true,
      configFiles: [`${dir}/controller2/config/controller.cfg`],
    });
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines.join('\n')).toContain(`cat ${dir}/controller2/dolphindb.pid`);
    expect(lines).toContain(`sh ${dir}/controller2/stop.sh`);
    expect(lines).toContain(`sh ${dir}/controller2/start.sh`);
    expect(lines.some((line) => line.includes('majority without controller2'))).toBe(true);
    expect(lines.at(-1)).toMatch(/until a leader lists controller2 alive/);
  });

  it('restart-worker waits for the chunks around a data node only', () => {
    const worker = at('datanode1', '10.0.0.80', 8802);
    expect(
      restartWorker.describe({ type: 'restart-worker', controllers, worker, dataNode: true }),
    ).toHaveLength(4);
    expect(
      restartWorker
        .describe({ type: 'restart-worker', controllers, worker, dataNode: false })
        .map((l) => l.slice(0, 13)),
    ).toEqual(['stopDataNode(', 'startDataNode']);
  });
});
