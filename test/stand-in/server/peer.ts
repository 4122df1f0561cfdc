/**
 * How stand-in nodes talk to each other: the same API protocol as clients (facts §2.8 "All traffic
 * is on the node's one TCP port"), with `function` requests to internal functions whose names start
 * with `standin`. One persistent connection per peer, one request at a time.
 */
import { connect, type Socket } from 'node:net';
import { writeObject, Writer } from './codec.js';
import { parseResponse } from './protocol.js';
import { connectHost } from './sites.js';
import { VOID, type Value } from './values.js';

/** The peer answered with an error message. */
export class PeerError extends Error {}

export class PeerClient {
  private socket: Socket | undefined;
  private session = '0';
  private buffered = Buffer.alloc(0);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly timeoutMs = 3_000,
  ) {}

  /** Calls a function on the peer with the given arguments. */
  call(name: string, args: readonly Value[] = []): Promise<Value> {
    const w = new Writer(true);
    for (const a of args) writeObject(w, a);
    return this.enqueue(`function\n${name}\n${args.length}\n1`, w.bytes());
  }

  script(code: string): Promise<Value> {
    return this.enqueue(`script\n${code}`, Buffer.alloc(0));
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private enqueue(body: string, tail: Buffer): Promise<Value> {
    const run = this.queue.then(() => this.request(body, tail));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async request(body: string, tail: Buffer): Promise<Value> {
    try {
      if (this.socket && (this.socket.destroyed || !this.socket.writable)) this.close();
      if (!this.socket) {
        this.socket = await this.open();
        const connected = await this.exchange('connect\n', Buffer.alloc(0));
        this.session = connected.session;
      }
      const answer = await this.exchange(body, tail);
      if (answer.error !== undefined) throw new PeerError(answer.error);
      return answer.value ?? VOID;
    } catch (error) {
      if (!(error instanceof PeerError)) this.close();
      throw error;
    }
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: connectHost(this.host), port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${this.host}:${this.port} timed out`));
      }, this.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        // A connection the peer closed between requests is opened again on the next request.
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
        });
        socket.on('error', () => socket.destroy());
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  private exchange(body: string, tail: Buffer): Promise<ReturnType<typeof parseResponse> & object> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      this.buffered = Buffer.alloc(0);
      const payload = Buffer.from(body, 'utf8');
      const cleanup = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const onData = (chunk: Buffer) => {
        this.buffered = Buffer.concat([this.buffered, chunk]);
        try {
          const parsed = parseResponse(this.buffered);
          if (!parsed) return;
          cleanup();
          resolve(parsed);
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onClose = () => {
        cleanup();
        reject(new Error(`${this.host}:${this.port} closed the connection`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.host}:${this.port} did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.write(Buffer.concat([Buffer.from(`API ${this.session} ${payload.length}\n`), payload, tail]));
    });
  }
}

/** Peers by address, created on first use. */
export class Peers {
  private readonly clients = new Map<string, PeerClient>();
  constructor(private readonly timeoutMs = 3_000) {}

  get(host: string, port: number): PeerClient {
    const key = `${host}:${port}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new PeerClient(host, port, this.timeoutMs);
      this.clients.set(key, client);
    }
    return client;
  }

  closeAll(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
