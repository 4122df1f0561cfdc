import type { NodeEndpoint } from './plan.js';

/** A controller, agent or single node restarted with its own scripts. */
export type ScriptedProcess = {
  readonly node: NodeEndpoint;
  readonly start: string;
  readonly stop: string;
  readonly logFile: string;
};

/**
 * The step kinds that change a running cluster (facts §12, plan/modes/ssh-change.ts): they join
 * StepAction in plan.ts. Each is idempotent like every other kind: it reads the cluster's state
 * first, so `deploy` run again after an interruption continues a change.
 */
export type ChangeAction =
  /**
   * Adds the data and compute nodes the running controllers do not know yet: `addNode(host, port,
   * alias, false, nodeType)` on the leader (facts §12.1). cluster.nodes was written on every
   * controller before (write-files), so saveConfig is false; each node joins stopped.
   */
  | {
      readonly type: 'add-nodes';
      readonly controllers: readonly NodeEndpoint[];
      readonly nodes: readonly { readonly node: NodeEndpoint; readonly mode: 'datanode' | 'computenode' }[];
    }
  /**
   * Stops data and compute nodes taken out of the topology, through the leader (`stopDataNode`),
   * after checking again that no data node among them holds a chunk (getClusterChunksStatus'
   * `replicas`): one that does is refused and left running (facts §12.1).
   */
  | {
      readonly type: 'remove-workers';
      readonly controllers: readonly NodeEndpoint[];
      readonly workers: readonly NodeEndpoint[];
      /** The aliases among `workers` that are data nodes (compute nodes hold no chunk). */
      readonly dataNodes: readonly string[];
    }
  /**
   * Restarts one controller, agent or single node with its scripts so that it reads changed config
   * files: for a Raft controller only while the others keep a leader, and the step ends when the
   * group has a leader again with this controller back in it.
   */
  | {
      readonly type: 'restart-node';
      readonly role: 'controller' | 'agent' | 'single';
      readonly process: ScriptedProcess;
      readonly controllers: readonly NodeEndpoint[];
      readonly raft: boolean;
      /**
       * The config files it must read: a process started after they were last written has read
       * them already and is not restarted again (a resumed run).
       */
      readonly configFiles: readonly string[];
    }
  /**
   * Restarts one data or compute node through the leader (stopDataNode, then startDataNode). A data
   * node stops only when every chunk is COMPLETE (its replicas are on other nodes), and the step
   * ends when no chunk is RECOVERING (facts §12.2 steps 1 and 5).
   */
  | {
      readonly type: 'restart-worker';
      readonly controllers: readonly NodeEndpoint[];
      readonly worker: NodeEndpoint;
      readonly dataNode: boolean;
    }
  /**
   * Copies each config directory to `<dir>.bak-<tag>` once (seed 003 "cp -r config config.bak"):
   * a backup already there is the one taken before the first attempt and is kept.
   */
  | { readonly type: 'backup-configs'; readonly dirs: readonly string[]; readonly tag: string }
  /**
   * Copies a moved controller's own directory (Raft log, dfsMeta, …) from its old server to its new
   * one, through this machine, verified file by file with sha256 (seed 003, facts §12.3). Kept when
   * the target already holds a verified copy; the source is never changed.
   */
  | {
      readonly type: 'copy-node-dir';
      readonly alias: string;
      readonly from: { readonly host: string; readonly dir: string };
      readonly to: { readonly host: string; readonly dir: string };
      /**
       * An early copy, made while the controller still runs, unverified, beside the target: the
       * copy made once it stopped then sends only the files that changed since, which keeps the
       * cluster's downtime short however large the directory.
       */
      readonly seed?: boolean;
    }
  /**
   * Before a change that stops the cluster: every database, its tables and their row counts, read
   * through a data or compute node and kept in `record` on `host` (kept from the first attempt, so a
   * resumed run compares against the cluster as it was before anything stopped).
   */
  | {
      readonly type: 'snapshot-databases';
      readonly controllers: readonly NodeEndpoint[];
      readonly via: readonly NodeEndpoint[];
      readonly host: string;
      readonly record: string;
    }
  /**
   * After it: every database and table of the snapshot is listed again and holds at least the rows
   * it held (facts §12.3 "check that the databases created before are still there").
   */
  | {
      readonly type: 'verify-databases';
      readonly controllers: readonly NodeEndpoint[];
      readonly via: readonly NodeEndpoint[];
      readonly host: string;
      readonly record: string;
    };
