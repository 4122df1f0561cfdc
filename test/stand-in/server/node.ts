/**
 * One running node: its settings, its port (API protocol and HTTP on the same port, facts §2.8,
 * §6.3), its sessions, and its role (controller, agent, data/compute node, single).
 */
import { randomInt } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { builtins } from './builtins.js';
import type { AgentRole } from './agent.js';
import type { ControllerRole } from './controller.js';
import type { DataRole } from './datanode.js';
import type { ChunkStore } from './chunks.js';
import type { DfsMaster } from './dfs-meta.js';
import { ScriptError } from './errors.js';
import { runScript, type Session } from './evaluate.js';
import { handleHttp } from './http.js';
import type { Licence } from './licence.js';
import { log } from './log.js';
import { Peers } from './peer.js';
import {
  errorResponse,
  isApiStart,
  okResponse,
  parseRequest,
  ProtocolError,
  type Request,
} from './protocol.js';
import type { Mode, Site } from './sites.js';
import { Users } from './users.js';
import { VOID, type Value } from './values.js';

export type NodeOptions = {
  readonly mode: Mode;
  readonly site: Site;
  readonly home: string;
  readonly installDir: string;
  readonly executable: string;
  readonly logFile: string | undefined;
  readonly settings: ReadonlyMap<string, string>;
  readonly licence: Licence;
};

export class NodeRuntime {
  readonly mode: Mode;
  readonly site: Site;
  readonly alias: string;
  readonly home: string;
  readonly installDir: string;
  readonly executable: string;
  readonly logFile: string | undefined;
  readonly settings: ReadonlyMap<string, string>;
  /** Replaced by `updateLicense()` (facts §5 online update). */
  licence: Licence;
  readonly peers = new Peers(3_000);
  /** This process's passwords (users.ts: the leader's copy is the one that counts). */
  readonly users = new Users();
  controller: ControllerRole | undefined;
  agent: AgentRole | undefined;
  data: DataRole | undefined;
  /** DFS metadata: on controllers and single nodes (dfs-meta.ts). */
  dfsMaster: DfsMaster | undefined;
  /** Chunks: on data nodes and single nodes (chunks.ts). */
  chunkStore: ChunkStore | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Map<string, Session>();
  private readonly http = createHttpServer((req, res) =>
    handleHttp(
      {
        alias: this.alias,
        mode: this.mode,
        webRoot: this.webRoot(),
        connections: () => this.sockets.size,
      },
      req,
      res,
    ),
  );

  constructor(options: NodeOptions) {
    this.mode = options.mode;
    this.site = options.site;
    this.alias = options.site.alias;
    this.home = options.home;
    this.installDir = options.installDir;
    this.executable = options.executable;
    this.logFile = options.logFile;
    this.settings = options.settings;
    this.licence = options.licence;
  }

  /** `webRoot`, relative to the server directory (facts §1.1 "config webRoot=web"). */
  private webRoot(): string {
    const root = this.settings.get('webRoot') ?? 'web';
    return root.startsWith('/') ? root : `${this.installDir}/${root}`;
  }

  /**
   * Binds the node's port on every IPv4 interface (facts §6.3: the server listens on IPv4; §8.2
   * INFERENCE: it binds all interfaces). Rejects with the errno on failure.
   */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen({ port: this.site.port, host: '0.0.0.0', exclusive: true }, () => {
        server.off('error', reject);
        this.server = server;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.peers.closeAll();
    // Stop accepting first, then drop the open connections, so server.close() has none to wait for.
    const closed = new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  connectionCount(): number {
    return this.sockets.size;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    let busy = false;
    let decided = false;
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const parsed = parseRequest(buffered);
          if (!parsed) break;
          buffered = buffered.subarray(parsed.used);
          const answer = await this.answer(parsed.request);
          if (socket.destroyed) return;
          socket.write(answer);
        }
      } catch (error) {
        if (error instanceof ProtocolError) log.warn(`Closed a connection: ${error.message}`);
        else log.error(`Request failed: ${error instanceof Error ? error.stack : String(error)}`);
        socket.destroy();
      } finally {
        busy = false;
      }
      if (buffered.length > 0 && parseRequest(buffered)) void pump();
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!decided) {
        if (buffered.length < 5) return;
        decided = true;
        if (!isApiStart(buffered)) {
          // Not the API protocol: hand the bytes to the HTTP server (facts §6.3 same port).
          socket.off('data', onData);
          socket.unshift(buffered);
          this.http.emit('connection', socket);
          return;
        }
      }
      void pump();
    };
    socket.on('data', onData);
  }

  private session(id: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      // "session ID is a random long" (api_protocol.md §2.3); 0 or an unknown id opens a new one.
      const fresh = String(randomInt(100_000_000, 2_147_483_647));
      session = { id: fresh, user: undefined, vars: new Map() };
      this.sessions.set(fresh, session);
    }
    return session;
  }

  private async answer(request: Request): Promise<Buffer> {
    const session = this.session(request.session);
    try {
      let result: Value = VOID;
      switch (request.command) {
        case 'connect':
          break;
        case 'script':
          result = await runScript(request.code, session, builtins(this));
          break;
        case 'function':
          result = await builtins(this).callRequest(request.name, request.args, session);
          break;
        case 'variable':
          request.names.forEach((name, i) => {
            const value = request.values[i];
            if (value) session.vars.set(name.trim(), value);
          });
          break;
      }
      return okResponse(session.id, result);
    } catch (error) {
      if (error instanceof ScriptError) return errorResponse(session.id, error.message);
      log.error(`Internal error: ${error instanceof Error ? error.stack : String(error)}`);
      return errorResponse(session.id, error instanceof Error ? error.message : String(error));
    }
  }

  /** Runs a script as the console does (the `-console 1` prompt and `-run`). */
  async runConsole(code: string, session: Session): Promise<Value> {
    return runScript(code, session, builtins(this));
  }

  newSession(user?: string): Session {
    const session = this.session('0');
    session.user = user;
    return session;
  }

  /** The controller the node reports to, by alias: the Raft leader when one is known (facts §6.2). */
  controllerAlias(): string {
    if (this.controller) return this.controller.leaderAlias() || this.alias;
    if (this.agent) return this.agent.leaderAlias();
    if (this.data) return this.data.leaderAlias();
    return this.alias;
  }

  /** Where a node of the cluster listens, as far as this node knows. */
  siteOf(alias: string): Site | undefined {
    if (alias === this.alias) return this.site;
    if (this.controller) return this.controller.siteOf(alias);
    return (this.agent ?? this.data)?.controllers.find((c) => c.alias === alias);
  }
}
