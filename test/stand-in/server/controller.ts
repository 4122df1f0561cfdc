/**
 * The controller (facts §2.1): knows the cluster from cluster.nodes and cluster.cfg, receives
 * heartbeats from agents and data/compute nodes, starts and stops data/compute nodes through their
 * host's agent (`startDataNode`/`stopDataNode`, facts §6.1), restarts them when
 * `datanodeRestartInterval` is set (facts §6.1 item 3), and with `dfsHAMode=Raft` runs the leader
 * election of the controllers (raft.ts). It keeps the DFS metadata (dfs-meta.ts) in `dfsMetaDir`
 * (facts §2.6: default `<HomeDir>` without Raft, `<HomeDir>/<alias>/dfsMeta` with it), learns from
 * the data nodes' heartbeats which chunk versions they hold, and as leader tells a data node which
 * chunks to copy from another replica.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DfsMaster } from './dfs-meta.js';
import { resolveFor, type ConfigFile } from './config.js';
import { MODE_CODE } from './builtins.js';
import { elems } from './evaluate.js';
import { ScriptError } from './errors.js';
import { log } from './log.js';
import type { NodeRuntime } from './node.js';
import { readNodesFile, type ClusterNode } from './nodes-file.js';
import { Peers } from './peer.js';
import { Raft } from './raft.js';
import { sameHost, siteText, type Site } from './sites.js';
import { T, bool, int, str, table, vector, type Elem, type Value } from './values.js';

type Status = {
  lastSeen: number;
  pid: number;
  /** Down since (ms), or 0 while alive / never seen. */
  downSince: number;
  /** Stopped with stopDataNode: not restarted automatically. */
  userStopped: boolean;
  /** Its last exit was a crash (datanodeRestartLevel=CRASH restarts only those, facts §2.6). */
  crashed: boolean;
  /** When a start was last requested (to wait for the node instead of asking again). */
  startRequested: number;
  metrics: { maxMemSize: number; workerNum: number; maxConnections: number; memoryUsed: number };
};

export class ControllerRole {
  readonly raft: Raft | undefined;
  readonly dfs: DfsMaster;
  private readonly status = new Map<string, Status>();
  private readonly peers = new Peers(10_000);
  private timer: NodeJS.Timeout | undefined;
  private readonly heartbeatTimeoutMs: number;
  private readonly restartIntervalMs: number;

  constructor(
    private readonly node: NodeRuntime,
    /** Grows with addNode (facts §12.1). */
    readonly nodes: ClusterNode[],
    private readonly clusterConfig: ConfigFile,
    readonly ha: boolean,
    /** This controller's cluster.nodes, which addNode with saveConfig appends to. */
    private readonly nodesPath: string,
  ) {
    // facts §2.6: dfsChunkNodeHeartBeatTimeout, default 8 s.
    this.heartbeatTimeoutMs = Number(node.settings.get('dfsChunkNodeHeartBeatTimeout') ?? 8) * 1000;
    this.restartIntervalMs = Number(node.settings.get('datanodeRestartInterval') ?? 0) * 1000;
    if (ha) {
      const tick = Number(node.settings.get('raftElectionTick') ?? 800);
      const raftPeers = new Peers(Math.max(200, tick * 5));
      const others = nodes.filter((n) => n.mode === 'controller' && n.alias !== node.alias);
      this.raft = new Raft(
        node.alias,
        others,
        tick,
        `${node.home}/${node.alias}/raft`,
        (peer, name, args) => raftPeers.get(peer.host, peer.port).call(name, args),
        {
          version: () => this.dfs.version,
          snapshot: () => this.dfs.snapshot(),
          apply: (text) => this.dfs.applySnapshot(text),
        },
      );
    }
    const metaDir = node.settings.get('dfsMetaDir');
    const setting = (key: string) => node.settings.get(key) ?? resolveFor([clusterConfig], '').get(key);
    this.dfs = new DfsMaster(
      metaDir
        ? isAbsolute(metaDir)
          ? metaDir
          : resolve(node.home, metaDir)
        : ha
          ? join(node.home, node.alias, 'dfsMeta')
          : node.home,
      {
        localAlias: node.alias,
        // facts §2.5: dfsReplicationFactor, cluster default 2; dfsReplicaReliabilityLevel default 0.
        replicationFactor: Number(setting('dfsReplicationFactor') ?? 2),
        reliabilityLevel: Number(setting('dfsReplicaReliabilityLevel') ?? 0),
        dataNodes: () => this.nodes.filter((n) => n.mode === 'datanode'),
        alive: (alias) => {
          const n = this.nodes.find((x) => x.alias === alias);
          return n !== undefined && this.alive(n);
        },
        isLeader: () => this.isLeader(),
        leaderAlias: () => this.leaderAlias(),
        replicate: () => this.raft?.replicate() ?? Promise.resolve(),
      },
    );
    node.dfsMaster = this.dfs;
  }

  start(): void {
    if (this.raft) {
      this.raft.start();
      log.info('DFSRaftReplayWorker started');
    } else log.info('Controller initialization completed.');
    this.timer = setInterval(() => void this.tickRestart(), 500);
  }

  stop(): void {
    clearInterval(this.timer);
    this.raft?.stop();
    this.peers.closeAll();
  }

  isLeader(): boolean {
    return this.raft ? this.raft.state === 'leader' : true;
  }

  /** The leader's alias; '' while a Raft group has none. */
  leaderAlias(): string {
    return this.raft ? this.raft.leader : this.node.alias;
  }

  siteOf(alias: string): Site | undefined {
    return this.nodes.find((n) => n.alias === alias);
  }

  private statusOf(alias: string): Status {
    let s = this.status.get(alias);
    if (!s) {
      s = {
        lastSeen: 0,
        pid: 0,
        downSince: 0,
        userStopped: false,
        crashed: false,
        startRequested: 0,
        metrics: { maxMemSize: 0, workerNum: 0, maxConnections: 0, memoryUsed: 0 },
      };
      this.status.set(alias, s);
    }
    return s;
  }

  alive(node: ClusterNode): boolean {
    if (node.alias === this.node.alias) return true;
    if (node.mode === 'controller') return this.raft?.alive(node.alias) ?? false;
    const s = this.status.get(node.alias);
    return !!s && s.downSince === 0 && Date.now() - s.lastSeen < this.heartbeatTimeoutMs;
  }

  /** The agent of a data/compute node: the agent row on the same host (facts §2.1: one per server). */
  agentOf(node: ClusterNode): ClusterNode | undefined {
    return this.nodes.find((n) => n.mode === 'agent' && sameHost(n.host, node.host));
  }

  /**
   * A heartbeat: alias, site, mode, the sender's controllerSite (agents), pid, state ('up'/'down'),
   * maxMemSize, workerNum, maxConnections, memoryUsed, and from data nodes the chunks they hold
   * (JSON chunkId → version). Answers with the leader's alias, or with the leader's alias and the
   * chunks the node must recover (JSON), as an ANY vector.
   */
  onHeartbeat(args: Value[]): Value {
    const text = (i: number) => String(elems(args[i] ?? str(''))[0] ?? '');
    const num = (i: number) => Number(elems(args[i] ?? str('0'))[0] ?? 0);
    const [alias, site, mode, claim] = [text(0), text(1), text(2), text(3)];
    if (claim !== '') {
      // facts §2.2/§2.5: controllerSite must equal the localSite of a controller ("even if only the
      // alias changes"). The agent logs this and exits (the real message is UNKNOWN, facts §9).
      const controllers = [
        siteText(this.node.site),
        ...this.nodes.filter((n) => n.mode === 'controller').map(siteText),
      ];
      if (!controllers.includes(claim))
        throw new ScriptError(
          `The controllerSite [${claim}] of ${alias} does not name a controller of this cluster; ` +
            `${this.node.alias} is ${siteText(this.node.site)}.`,
        );
    }
    const member = this.nodes.find((n) => n.alias === alias) ?? this.agentListedSince(alias, mode);
    if (!member || siteText(member) !== site || member.mode !== mode)
      throw new ScriptError(`The node ${alias} (${site}, ${mode}) is not a member of this cluster.`); // stand-in
    const s = this.statusOf(alias);
    if (text(5) === 'down') {
      if (s.downSince === 0) log.info(`${mode} ${alias} is shutting down.`);
      s.downSince = Date.now();
      s.lastSeen = 0;
    } else {
      if (s.downSince !== 0 || s.lastSeen === 0 || Date.now() - s.lastSeen >= this.heartbeatTimeoutMs)
        log.info(`${mode} ${alias} (${site}) is online (pid ${num(4)}).`);
      s.lastSeen = Date.now();
      s.downSince = 0;
      s.pid = num(4);
      s.crashed = false;
      s.metrics = { maxMemSize: num(6), workerNum: num(7), maxConnections: num(8), memoryUsed: num(9) };
      if (mode === 'datanode' && args[10]) {
        this.dfs.report(alias, JSON.parse(text(10)) as Record<string, number>);
        const tasks = this.dfs.recoveryTasks(alias);
        if (tasks.length > 0)
          return { kind: 'any', values: [str(this.leaderAlias()), str(JSON.stringify(tasks))] };
      }
    }
    return str(this.leaderAlias());
  }

  /** An agent reports that one of its nodes exited. */
  onNodeExited(alias: string, crashed: boolean): void {
    const s = this.statusOf(alias);
    s.lastSeen = 0;
    if (s.downSince === 0) s.downSince = Date.now();
    s.crashed = crashed;
  }

  private worker(alias: string): ClusterNode {
    const worker = this.nodes.find(
      (n) =>
        (n.alias === alias || `${n.host}:${n.port}` === alias) &&
        (n.mode === 'datanode' || n.mode === 'computenode'),
    );
    // stand-in wording (not documented)
    if (!worker)
      throw new ScriptError(`The node [${alias}] is not a data node or compute node of this cluster.`);
    return worker;
  }

  /** The command line the agent starts a node with: mode, site and its cluster.cfg settings. */
  private argvFor(worker: ClusterNode): string[] {
    const settings = resolveFor([this.clusterConfig], worker.alias);
    settings.delete('mode');
    settings.delete('localSite');
    const argv = ['-mode', worker.mode, '-localSite', siteText(worker)];
    for (const [key, value] of settings) argv.push(`-${key}`, value);
    return argv;
  }

  /**
   * An agent this controller did not start with joins when cluster.nodes lists it now: the
   * documented way to add a server (facts §12.1, seed 001 §5) writes the new agent into
   * cluster.nodes on every controller and starts it, with no restart and no addNode for the agent.
   * How the real controller learns of it is not documented (UNCERTAIN); the stand-in reads the
   * file again. Data and compute nodes still need addNode.
   */
  private agentListedSince(alias: string, mode: string): ClusterNode | undefined {
    if (mode !== 'agent') return undefined;
    let listed: ClusterNode | undefined;
    try {
      listed = readNodesFile(this.nodesPath).find((n) => n.alias === alias && n.mode === 'agent');
    } catch {
      return undefined;
    }
    if (!listed || this.nodes.some((n) => n.alias === alias)) return undefined;
    this.nodes.push(listed);
    log.info(`Agent ${alias} joins the cluster: cluster.nodes lists it (read again).`);
    return listed;
  }

  /**
   * addNode (facts §12.1) on the leader: the node joins the cluster stopped (startDataNode starts
   * it); with saveConfig its row is appended to cluster.nodes. In a Raft group every other
   * controller is told too, as the group shares the node list (facts §2.5); one that does not
   * answer is left out (stand-in: the real group replicates through its log).
   */
  async addNode(row: ClusterNode, save: boolean): Promise<void> {
    if (this.raft && !this.isLeader())
      throw new ScriptError(`addNode must run on the leader ${this.leaderAlias()}.`); // stand-in wording
    this.addLocally(row, save);
    const others = this.nodes.filter((n) => n.mode === 'controller' && n.alias !== this.node.alias);
    for (const controller of others)
      await this.peers
        .get(controller.host, controller.port)
        .call('standinAddNode', [str(row.host), int(row.port), str(row.alias), str(row.mode), bool(save)])
        .catch((error: unknown) =>
          log.warn(`addNode: ${controller.alias} was not told of ${row.alias}: ${String(error)}`),
        );
  }

  /** One controller's part of addNode: its node list and, with saveConfig, its cluster.nodes. */
  addLocally(row: ClusterNode, save: boolean): void {
    // stand-in wording (not documented)
    if (this.nodes.some((n) => n.alias === row.alias))
      throw new ScriptError(`The node alias [${row.alias}] already exists in the cluster.`);
    if (this.nodes.some((n) => n.host === row.host && n.port === row.port))
      throw new ScriptError(`The site [${row.host}:${row.port}] is already used in the cluster.`);
    this.nodes.push(row);
    // Added stopped, and left so until startDataNode (no automatic start).
    this.statusOf(row.alias).userStopped = true;
    if (!save) return;
    const text = readFileSync(this.nodesPath, 'utf8');
    const newline = text === '' || text.endsWith('\n') ? '' : '\n';
    appendFileSync(this.nodesPath, `${newline}${row.host}:${row.port}:${row.alias},${row.mode}\n`);
  }

  async startNodes(aliases: readonly string[]): Promise<void> {
    const workers = aliases.map((a) => this.worker(a));
    const failures: string[] = [];
    for (const worker of workers) {
      const s = this.statusOf(worker.alias);
      s.userStopped = false;
      if (this.alive(worker)) continue;
      const error = await this.startOne(worker);
      if (error) failures.push(error);
    }
    if (failures.length > 0) throw new ScriptError(failures.join(' '));
  }

  private async startOne(worker: ClusterNode): Promise<string | undefined> {
    const agent = this.agentOf(worker);
    if (!agent) return `No agent runs on the host of ${worker.alias}.`; // stand-in wording
    const s = this.statusOf(worker.alias);
    s.startRequested = Date.now();
    try {
      log.info(`Starting ${worker.mode} ${worker.alias} through agent ${agent.alias}.`);
      await this.peers
        .get(agent.host, agent.port)
        .call('standinStartNode', [str(worker.alias), vector(T.string, this.argvFor(worker))]);
      return undefined;
    } catch (error) {
      const message = `Failed to start ${worker.alias} through agent ${agent.alias}: ${error instanceof Error ? error.message : String(error)}`;
      log.warn(message);
      return message;
    }
  }

  async stopNodes(aliases: readonly string[]): Promise<void> {
    const workers = aliases.map((a) => this.worker(a));
    for (const worker of workers) {
      const s = this.statusOf(worker.alias);
      s.userStopped = true;
      const agent = this.agentOf(worker);
      if (!agent) continue;
      try {
        log.info(`Stopping ${worker.mode} ${worker.alias} through agent ${agent.alias}.`);
        await this.peers.get(agent.host, agent.port).call('standinStopNode', [str(worker.alias)]);
      } catch (error) {
        log.warn(`Failed to stop ${worker.alias}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /**
   * datanodeRestartInterval (facts §6.1 item 3): once the controller runs (the leader, in a Raft
   * group), it starts the data/compute nodes whose agent is up, and restarts nodes that have been
   * down longer than the interval — after a crash only (datanodeRestartLevel=CRASH, facts §2.6), or
   * after any stop with OFFLINE; nodes stopped with stopDataNode stay down.
   */
  private async tickRestart(): Promise<void> {
    if (this.restartIntervalMs <= 0 || !this.isLeader()) return;
    const level = this.node.settings.get('datanodeRestartLevel') ?? 'CRASH';
    const now = Date.now();
    for (const worker of this.nodes) {
      if (worker.mode !== 'datanode' && worker.mode !== 'computenode') continue;
      if (this.alive(worker)) continue;
      const s = this.statusOf(worker.alias);
      if (s.downSince === 0 && s.lastSeen > 0) {
        // Heartbeats stopped without a goodbye: the node died.
        s.downSince = s.lastSeen + this.heartbeatTimeoutMs;
        s.crashed = true;
        log.warn(`${worker.mode} ${worker.alias} stopped sending heartbeats.`);
      }
      const agent = this.agentOf(worker);
      if (s.userStopped || !agent || !this.alive(agent)) continue;
      if (now - s.startRequested < 30_000 && s.startRequested > s.downSince) continue;
      const neverStarted = s.startRequested === 0 && s.downSince === 0;
      const overdue = s.downSince !== 0 && now - s.downSince >= this.restartIntervalMs;
      if (neverStarted || (overdue && (s.crashed || level === 'OFFLINE'))) {
        log.info(`datanodeRestartInterval: starting ${worker.alias}.`);
        await this.startOne(worker);
      }
    }
  }

  /** getClusterPerf(includeMaster) (facts §6.2; column types: WEB src/model.ts DdbNode). */
  perfTable(includeMaster: boolean): Value {
    const rows: ClusterNode[] = [];
    const self: ClusterNode = { ...this.node.site, mode: 'controller', computeGroup: '', zone: '' };
    if (includeMaster) {
      if (this.ha) rows.push(...this.nodes.filter((n) => n.mode === 'controller'));
      else rows.push(self);
    }
    rows.push(...this.nodes.filter((n) => n.mode !== 'controller'));
    const col = (type: number, f: (n: ClusterNode) => Elem) => vector(type, rows.map(f));
    const settingsOf = (n: ClusterNode) =>
      n.mode === 'controller' ? this.node.settings : resolveFor([this.clusterConfig], n.alias);
    const metric = (n: ClusterNode, key: 'maxMemSize' | 'workerNum' | 'maxConnections') => {
      const reported = this.status.get(n.alias)?.metrics[key];
      if (reported) return reported;
      const v = settingsOf(n).get(key);
      return v === undefined ? null : Number(v);
    };
    const zero = (type: number) => col(type, () => (type === T.long ? 0n : 0));
    return table([
      ['host', col(T.string, (n) => n.host)],
      ['port', col(T.int, (n) => n.port)],
      ['site', col(T.string, (n) => siteText(n))],
      ['mode', col(T.int, (n) => MODE_CODE[n.mode])],
      ['state', col(T.int, (n) => (this.alive(n) ? 1 : 0))],
      [
        'agentSite',
        col(T.string, (n) =>
          n.mode === 'controller' ? '' : n.mode === 'agent' ? siteText(n) : this.agentOfSite(n),
        ),
      ],
      ['maxConnections', col(T.int, (n) => metric(n, 'maxConnections'))],
      ['maxMemSize', col(T.double, (n) => metric(n, 'maxMemSize'))],
      ['workerNum', col(T.int, (n) => metric(n, 'workerNum'))],
      ['executorNum', zero(T.int)],
      ['connectionNum', col(T.int, (n) => (n.alias === this.node.alias ? this.node.connectionCount() : 0))],
      ['name', col(T.string, (n) => n.alias)],
      [
        'memoryUsed',
        col(T.long, (n) =>
          BigInt(
            n.alias === this.node.alias
              ? process.memoryUsage().heapUsed
              : (this.status.get(n.alias)?.metrics.memoryUsed ?? 0),
          ),
        ),
      ],
      ['memoryAlloc', zero(T.long)],
      ['cpuUsage', zero(T.double)],
      ['avgLoad', zero(T.double)],
      ['medLast10QueryTime', zero(T.long)],
      ['maxLast10QueryTime', zero(T.long)],
      ['medLast100QueryTime', zero(T.long)],
      ['maxLast100QueryTime', zero(T.long)],
      ['maxRunningQueryTime', zero(T.long)],
      ['runningJobs', zero(T.int)],
      ['queuedJobs', zero(T.int)],
      ['runningTasks', zero(T.int)],
      ['queuedTasks', zero(T.int)],
      ['jobLoad', zero(T.double)],
      ['diskCapacity', zero(T.long)],
      ['diskFreeSpace', zero(T.long)],
      ['diskFreeSpaceRatio', zero(T.double)],
      ['diskWriteRate', zero(T.long)],
      ['diskReadRate', zero(T.long)],
      ['lastMinuteWriteVolume', zero(T.long)],
      ['lastMinuteReadVolume', zero(T.long)],
      ['networkSendRate', zero(T.long)],
      ['networkRecvRate', zero(T.long)],
      ['lastMinuteNetworkSend', zero(T.long)],
      ['lastMinuteNetworkRecv', zero(T.long)],
      ['publicName', col(T.string, (n) => settingsOf(n).get('publicName') ?? '')],
      ['lastMsgLatency', zero(T.long)],
      ['cumMsgLatency', zero(T.long)],
      // facts §6.2: isLeader (HA only; null for a dead controller).
      [
        'isLeader',
        col(T.bool, (n) =>
          n.mode !== 'controller' || !this.ha || !this.alive(n) ? null : n.alias === this.leaderAlias(),
        ),
      ],
    ]);
  }

  private agentOfSite(n: ClusterNode): string {
    const agent = this.agentOf(n);
    return agent ? siteText(agent) : '';
  }
}
