/**
 * Watches a Raft group of controllers from outside, as a client would: every `intervalMs` each
 * controller is asked `getActiveMaster()` (facts §6.2); a leader exists when a majority names the
 * same alias and that controller answers too (the others name a stopped leader until they notice).
 * Reports the longest time without one.
 */
import { ask } from '../stand-in/client.js';
import type { Site } from './ha-writer.js';

export type LeaderReport = {
  readonly rounds: number;
  /** The longest stretch of rounds without a leader (ms, from the last round with one). */
  readonly longestMissingMs: number;
  /** Each leader in the order seen. */
  readonly leaders: readonly string[];
};

export class LeaderWatch {
  private stopped = false;
  private running: Promise<void> | undefined;
  private rounds = 0;
  private longestMissingMs = 0;
  private readonly leaders: string[] = [];
  private aliases: string[] = [];

  constructor(
    private readonly controllers: readonly Site[],
    private readonly intervalMs = 100,
  ) {}

  /** Learns each controller's alias (getNodeAlias()), then watches. */
  async start(): Promise<void> {
    this.aliases = await Promise.all(
      this.controllers.map(async (site) => {
        const answer = await ask(site.host, site.port, 'getNodeAlias()').catch(() => undefined);
        return answer?.form === 0 && typeof answer.value === 'string' ? answer.value : '';
      }),
    );
    this.running = this.loop();
  }

  async stop(): Promise<LeaderReport> {
    this.stopped = true;
    await this.running;
    return { rounds: this.rounds, longestMissingMs: this.longestMissingMs, leaders: this.leaders };
  }

  private async loop(): Promise<void> {
    let lastSeen = Date.now();
    while (!this.stopped) {
      const started = Date.now();
      const leader = await this.leader();
      this.rounds++;
      if (leader) {
        lastSeen = Date.now();
        if (this.leaders.at(-1) !== leader) this.leaders.push(leader);
      } else this.longestMissingMs = Math.max(this.longestMissingMs, Date.now() - lastSeen);
      const wait = this.intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async leader(): Promise<string | undefined> {
    const answers = await Promise.all(
      this.controllers.map(async (site) => {
        const answer = await Promise.race([
          ask(site.host, site.port, 'getActiveMaster()').catch(() => undefined),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000)),
        ]);
        return answer?.form === 0 && typeof answer.value === 'string' ? answer.value : undefined;
      }),
    );
    const votes = new Map<string, number>();
    for (const alias of answers) if (alias) votes.set(alias, (votes.get(alias) ?? 0) + 1);
    const majority = Math.floor(this.controllers.length / 2) + 1;
    // A controller answers getActiveMaster() with its own alias only when it is the leader itself.
    const answering = (alias: string) =>
      this.controllers.some((_, i) => answers[i] !== undefined && this.aliases[i] === alias);
    for (const [alias, count] of votes) if (count >= majority && answering(alias)) return alias;
    return undefined;
  }
}
