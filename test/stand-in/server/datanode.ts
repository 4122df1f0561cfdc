/**
 * A data or compute node (facts §2.1), started by its agent: sends heartbeats to the controllers
 * and tells them when it shuts down. A data node also keeps chunks (chunks.ts), reports them with
 * every heartbeat, and copies the chunks the leader names from another replica (recovery of a
 * replica that was down during writes or lost its storage). Compute nodes hold no chunks.
 */
import type { ChunkStore, StoredChunk } from './chunks.js';
import { chunkCall, masterCall } from './dfs-access.js';
import type { RecoveryTask } from './dfs-meta.js';
import { Heartbeat } from './heartbeat.js';
import { log } from './log.js';
import type { NodeRuntime } from './node.js';
import { Peers } from './peer.js';
import type { Site } from './sites.js';

export class DataRole {
  private readonly heartbeat: Heartbeat;
  private readonly peers = new Peers(3_000);
  private readonly recovering = new Set<string>();

  constructor(
    private readonly node: NodeRuntime,
    readonly controllers: readonly Site[],
    private readonly controllerSite: Site | undefined,
    store: ChunkStore | undefined,
  ) {
    this.heartbeat = new Heartbeat(
      node,
      this.peers,
      controllers,
      '',
      () => undefined,
      store && {
        report: () => JSON.stringify(Object.fromEntries(store.versions())),
        recover: (tasks) => {
          for (const task of JSON.parse(tasks) as RecoveryTask[]) void this.recover(store, task);
        },
      },
    );
  }

  start(): void {
    this.heartbeat.start();
  }

  async stop(): Promise<void> {
    await this.heartbeat.stop();
    this.peers.closeAll();
  }

  leaderAlias(): string {
    return this.heartbeat.leader || (this.controllerSite?.alias ?? '');
  }

  /** Copies one chunk from the replica the leader named; one copy per chunk at a time. */
  private async recover(store: ChunkStore, task: RecoveryTask): Promise<void> {
    if (this.recovering.has(task.chunkId)) return;
    this.recovering.add(task.chunkId);
    try {
      const copy = await chunkCall<StoredChunk>(this.node, task.source, 'read', { chunkId: task.chunkId });
      store.replace(copy);
      // The leader learns the copy's version at once rather than at the next heartbeat: writes go
      // to it from then on, so a chunk written all the time still becomes COMPLETE (a copy that
      // a write overtook meanwhile is recovered again).
      await masterCall(this.node, 'recovered', {
        chunkId: copy.chunkId,
        version: copy.version,
        ok: [this.node.alias],
      }).catch(() => undefined);
    } catch (error) {
      log.warn(`Failed to recover the chunk ${task.chunkId} from ${task.source.alias}: ${String(error)}`);
    } finally {
      this.recovering.delete(task.chunkId);
    }
  }
}
