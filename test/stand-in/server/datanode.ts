/**
 * A data or compute node (facts §2.1), started by its agent: sends heartbeats to the controllers
 * and tells them when it shuts down.
 */
import { Heartbeat } from './heartbeat.js';
import type { NodeRuntime } from './node.js';
import { Peers } from './peer.js';
import type { Site } from './sites.js';

export class DataRole {
  private readonly heartbeat: Heartbeat;
  private readonly peers = new Peers(3_000);

  constructor(
    node: NodeRuntime,
    readonly controllers: readonly Site[],
    private readonly controllerSite: Site | undefined,
  ) {
    this.heartbeat = new Heartbeat(node, this.peers, controllers, '', () => undefined);
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
}
