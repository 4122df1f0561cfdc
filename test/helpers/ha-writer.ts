/**
 * A client in high-availability mode, as DolphinDB's APIs have it (`highAvailability` with a list
 * of sites): it sends one write every `intervalMs` to the data node it is connected to, and when
 * that node fails (connection closed, refused, no answer) it reconnects to the next site of the
 * list and sends the same write again, going round the list until one accepts it. A write counts
 * as failed only when every site refused it for `giveUpMs`. It records how long each write waited
 * and the longest gap between two successful writes.
 */
import { TestClient } from '../stand-in/client.js';

export type Site = { readonly host: string; readonly port: number };

export type WriterReport = {
  readonly writes: number;
  /** Writes that succeeded (each once, whatever retries it took). */
  readonly succeeded: number;
  readonly failed: number;
  /** The longest time from a write's due moment to its success (ms). */
  readonly longestWaitMs: number;
  /** The longest time between two successful writes (ms). */
  readonly longestGapMs: number;
  readonly reconnects: number;
  readonly errors: readonly string[];
};

export class HaWriter {
  private client: TestClient | undefined;
  private site = 0;
  private stopped = false;
  private running: Promise<void> | undefined;
  private writes = 0;
  private succeeded = 0;
  private failed = 0;
  private longestWaitMs = 0;
  private longestGapMs = 0;
  private lastSuccess = 0;
  private reconnects = 0;
  private readonly errors: string[] = [];

  constructor(
    private readonly sites: readonly Site[],
    /** The script of each write, or of the write numbered n (from 1): rows with their own ids. */
    private readonly script: string | ((n: number) => string),
    private readonly intervalMs = 100,
    private readonly giveUpMs = 30_000,
  ) {}

  start(): void {
    this.lastSuccess = Date.now();
    this.running = this.loop();
  }

  async stop(): Promise<WriterReport> {
    this.stopped = true;
    await this.running;
    this.client?.close();
    return {
      writes: this.writes,
      succeeded: this.succeeded,
      failed: this.failed,
      longestWaitMs: this.longestWaitMs,
      longestGapMs: this.longestGapMs,
      reconnects: this.reconnects,
      errors: this.errors.slice(0, 20),
    };
  }

  private async loop(): Promise<void> {
    let due = Date.now();
    while (!this.stopped) {
      await this.writeOnce(due);
      due += this.intervalMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else due = Date.now(); // a write that waited long: the next is due now, not a burst
    }
  }

  private async writeOnce(due: number): Promise<void> {
    this.writes++;
    for (;;) {
      try {
        this.client ??= await this.connect();
        await this.client.script(typeof this.script === 'string' ? this.script : this.script(this.writes));
        this.succeeded++;
        const now = Date.now();
        this.longestWaitMs = Math.max(this.longestWaitMs, now - due);
        this.longestGapMs = Math.max(this.longestGapMs, now - this.lastSuccess);
        this.lastSuccess = now;
        return;
      } catch (error) {
        this.errors.push(`${new Date().toISOString()} site ${this.site}: ${(error as Error).message}`);
        this.client?.close();
        this.client = undefined;
        this.site = (this.site + 1) % this.sites.length;
        this.reconnects++;
        if (Date.now() - due > this.giveUpMs) {
          this.failed++;
          return;
        }
        // After a full round of refusals, a short pause before the next round.
        if (this.site === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  private async connect(): Promise<TestClient> {
    const site = this.sites[this.site];
    if (!site) throw new Error('no site');
    const opened = TestClient.open(site.host, site.port);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A connection that opens after we gave up on it is closed, not leaked.
        opened.then((late) => late.close()).catch(() => undefined);
        reject(new Error(`connect to ${site.host}:${site.port} timed out`));
      }, 1_000);
    });
    const client = await Promise.race([opened, timeout]).finally(() => clearTimeout(timer));
    await client.login();
    return client;
  }
}
