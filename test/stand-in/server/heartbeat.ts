/**
 * Heartbeats of agents and data/compute nodes to the controllers (facts §2.1: the controller
 * "collects heartbeats of agents and data nodes"). Sent over TCP every second to every known
 * controller (`lanCluster=0`, facts §2.3; the stand-in has no UDP heartbeat), so each controller of
 * a Raft group knows who is alive.
 */
import { PeerError, type Peers } from './peer.js';
import { log } from './log.js';
import { siteText, type Site } from './sites.js';
import { T, int, scalar, str, type Value } from './values.js';
import type { NodeRuntime } from './node.js';

export const HEARTBEAT_MS = 1_000;

export class Heartbeat {
  leader = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly failing = new Map<string, number>();

  constructor(
    private readonly node: NodeRuntime,
    private readonly peers: Peers,
    readonly controllers: readonly Site[],
    /** The controllerSite an agent claims (checked by the controller); '' for data nodes. */
    private readonly claim: string,
    /** Called when the controller named by controllerSite rejects this node. */
    private readonly onRejected: (controller: Site, message: string) => void,
    /** A data node's chunk report (dfs-meta.ts) and what to do with the leader's recovery tasks. */
    private readonly chunks?: { report(): string; recover(tasks: string): void },
  ) {}

  start(): void {
    void this.beat('up');
    this.timer = setInterval(() => void this.beat('up'), HEARTBEAT_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beat('down');
  }

  private args(state: string): Value[] {
    const s = this.node.settings;
    return [
      str(this.node.alias),
      str(siteText(this.node.site)),
      str(this.node.mode),
      str(this.claim),
      int(process.pid),
      str(state),
      scalar(T.double, Number(s.get('maxMemSize') ?? 0)),
      int(Number(s.get('workerNum') ?? 0)),
      int(Number(s.get('maxConnections') ?? 0)),
      scalar(T.long, BigInt(process.memoryUsage().heapUsed)),
      ...(this.chunks ? [str(this.chunks.report())] : []),
    ];
  }

  private async beat(state: string): Promise<void> {
    await Promise.all(
      this.controllers.map(async (controller) => {
        const key = siteText(controller);
        try {
          const answer = await this.peers
            .get(controller.host, controller.port)
            .call('standinHeartbeat', this.args(state));
          // The leader's alias, alone or with the chunks to recover ([alias, tasks]).
          const [leader, tasks] = answer.kind === 'any' ? answer.values : [answer];
          if (leader?.kind === 'scalar' && typeof leader.value === 'string' && leader.value !== '')
            this.leader = leader.value;
          if (tasks?.kind === 'scalar' && typeof tasks.value === 'string') this.chunks?.recover(tasks.value);
          if ((this.failing.get(key) ?? 0) > 0) log.info(`Connected to the controller ${key}.`);
          this.failing.set(key, 0);
        } catch (error) {
          const count = (this.failing.get(key) ?? 0) + 1;
          this.failing.set(key, count);
          if (error instanceof PeerError && siteText(controller) === this.claim) {
            this.onRejected(controller, error.message);
            return;
          }
          if (state === 'up' && (count === 1 || count % 30 === 0))
            log.warn(
              `Failed to send the heartbeat to the controller ${key}: ${error instanceof Error ? error.message : String(error)}`,
            );
        }
      }),
    );
  }
}
