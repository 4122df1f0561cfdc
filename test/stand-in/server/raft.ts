/**
 * Leader election of the controllers' Raft group DFSMaster (facts §2.5, §2.6): terms, one vote per
 * term, a leader only with the votes of a majority, heartbeats from the leader, a new election when
 * they stop. Followers call an election after a random 1–2 × raftElectionTick × 10 ms (facts §2.6:
 * 800 → 8–16 s). A leader that hears from no majority for that long steps down, so a leader exists
 * only while a majority of the controllers is alive (facts §2.5 "Raft tolerates < half of
 * controllers down").
 *
 * The replicated state is the DFS metadata (dfs-meta.ts), stand-in style: instead of a log, the
 * leader's heartbeats carry its metadata version, a follower answers with its own, and the leader
 * sends a follower whose version differs its whole metadata, which the follower takes as it is
 * (as a Raft follower takes the leader's log). Raft's up-to-date rule decides votes: a controller
 * votes only for a candidate whose metadata version is at least its own. So controllers started
 * without their dfsMeta know nothing, and if they are a majority they can elect an empty leader
 * whose state then replaces the others' — the data loss of a migration that forgot the directories.
 *
 * Log lines: `<Raft> Group DFSMaster <alias> became follower at term <t>, leader is <leader>` is the
 * documented form (facts §6.2, node_startup §2.8); `became leader` / `became candidate` follow it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.js';
import { int, str, type Value } from './values.js';

export type RaftPeer = { readonly alias: string; readonly host: string; readonly port: number };
export type RaftCall = (peer: RaftPeer, name: string, args: Value[]) => Promise<Value>;
/** The replicated state (dfs-meta.ts): its version, all of it as text, and taking the leader's. */
export type RaftState = { version(): number; snapshot(): string; apply(text: string): void };

type State = 'follower' | 'candidate' | 'leader';

const GROUP = 'DFSMaster';

export class Raft {
  state: State = 'follower';
  term = 0;
  leader = '';
  private votedFor = '';
  private electionTimer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  private leaderSince = 0;
  private stopped = false;
  /** When each peer last answered or called us (for getClusterPerf's state of controllers). */
  readonly lastContact = new Map<string, number>();
  private readonly acks = new Map<string, number>();
  /** When a call to each peer last failed. */
  private readonly lastFailure = new Map<string, number>();
  private readonly file: string;
  private readonly pushing = new Set<string>();

  constructor(
    private readonly alias: string,
    private readonly peers: readonly RaftPeer[],
    /** raftElectionTick: units of 10 ms (facts §2.6). */
    private readonly tick: number,
    dir: string,
    private readonly call: RaftCall,
    private readonly replicated: RaftState,
  ) {
    mkdirSync(dir, { recursive: true });
    // facts §2.6: Raft files live in <HOME_DIR>/<NodeAlias>/raft (raftHardstate*).
    this.file = join(dir, 'raftHardstate1');
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { term?: number; votedFor?: string };
      this.term = saved.term ?? 0;
      this.votedFor = saved.votedFor ?? '';
    } catch {
      this.persist();
    }
  }

  get majority(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  private get electionMaxMs(): number {
    return this.tick * 10 * 2;
  }

  private get beatMs(): number {
    return Math.max(20, Math.floor((this.tick * 10) / 8));
  }

  start(): void {
    log.info(`${GROUP} ElectionTick is set to ${this.tick}`);
    this.becomeFollower(this.term, '', true);
    log.info(`<Raft> Group ${GROUP} initialized successfully.`);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.electionTimer);
    clearInterval(this.beatTimer);
  }

  /** A peer is alive if it was heard from within the election timeout. */
  alive(alias: string): boolean {
    if (alias === this.alias) return true;
    const t = this.lastContact.get(alias);
    return t !== undefined && Date.now() - t < this.electionMaxMs && (this.lastFailure.get(alias) ?? 0) < t;
  }

  private persist(): void {
    writeFileSync(
      this.file,
      JSON.stringify({ term: this.term, votedFor: this.votedFor, standIn: true }) + '\n',
    );
  }

  private resetElectionTimer(): void {
    clearTimeout(this.electionTimer);
    if (this.stopped) return;
    const ms = this.tick * 10 * (1 + Math.random());
    this.electionTimer = setTimeout(() => void this.startElection(), ms);
  }

  private becomeFollower(term: number, leader: string, force = false): void {
    const changed = force || this.state !== 'follower' || this.leader !== leader || this.term !== term;
    if (term !== this.term) {
      this.term = term;
      this.votedFor = '';
      this.persist();
    }
    clearInterval(this.beatTimer);
    this.beatTimer = undefined;
    this.state = 'follower';
    this.leader = leader;
    if (changed)
      log.info(`<Raft> Group ${GROUP} ${this.alias} became follower at term ${term}, leader is ${leader}`);
    this.resetElectionTimer();
  }

  private async startElection(): Promise<void> {
    if (this.stopped || this.state === 'leader') return;
    this.state = 'candidate';
    this.leader = '';
    this.term += 1;
    this.votedFor = this.alias;
    this.persist();
    const term = this.term;
    log.info(`<Raft> Group ${GROUP} ${this.alias} became candidate at term ${term}`);
    this.resetElectionTimer();
    let votes = 1;
    if (votes >= this.majority) this.becomeLeader();
    await Promise.all(
      this.peers.map(async (peer) => {
        try {
          const answer = await this.call(peer, 'standinRaftVote', [
            int(term),
            str(this.alias),
            int(this.replicated.version()),
          ]);
          this.lastContact.set(peer.alias, Date.now());
          const [theirTerm, granted] = pair(answer);
          if (theirTerm > this.term) return this.becomeFollower(theirTerm, '');
          if (granted === 1 && this.state === 'candidate' && this.term === term) {
            votes++;
            if (votes >= this.majority) this.becomeLeader();
          }
        } catch {
          // an unreachable controller does not vote
          this.lastFailure.set(peer.alias, Date.now());
        }
      }),
    );
  }

  private becomeLeader(): void {
    if (this.stopped) return;
    clearTimeout(this.electionTimer);
    this.state = 'leader';
    this.leader = this.alias;
    this.leaderSince = Date.now();
    this.acks.clear();
    log.info(`<Raft> Group ${GROUP} ${this.alias} became leader at term ${this.term}`);
    clearInterval(this.beatTimer);
    this.beatTimer = setInterval(() => this.beat(), this.beatMs);
    this.beat();
  }

  private beat(): void {
    if (this.state !== 'leader' || this.stopped) return;
    const term = this.term;
    for (const peer of this.peers)
      void this.call(peer, 'standinRaftBeat', [int(term), str(this.alias)]).then(
        (answer) => {
          this.lastContact.set(peer.alias, Date.now());
          const [theirTerm, ok, theirVersion] = pair(answer);
          if (theirTerm > this.term) this.becomeFollower(theirTerm, '');
          else if (ok === 1) {
            this.acks.set(peer.alias, Date.now());
            if (theirVersion !== this.replicated.version()) void this.push(peer);
          }
        },
        () => this.lastFailure.set(peer.alias, Date.now()),
      );
    // Without a majority for a whole election timeout the leader steps down.
    const now = Date.now();
    const heard =
      1 + this.peers.filter((p) => now - (this.acks.get(p.alias) ?? 0) < this.electionMaxMs).length;
    if (heard < this.majority && now - this.leaderSince > this.electionMaxMs)
      this.becomeFollower(this.term, '');
  }

  /** Sends a follower the whole replicated state; one send per follower at a time. */
  private async push(peer: RaftPeer): Promise<void> {
    if (this.pushing.has(peer.alias) || this.state !== 'leader') return;
    this.pushing.add(peer.alias);
    try {
      await this.call(peer, 'standinRaftMeta', [
        int(this.term),
        str(this.alias),
        str(this.replicated.snapshot()),
      ]);
    } catch {
      // the next heartbeat tries again
    } finally {
      this.pushing.delete(peer.alias);
    }
  }

  /** The leader sends a change to every follower at once and waits for their answers. */
  async replicate(): Promise<void> {
    if (this.state !== 'leader') return;
    await Promise.all(this.peers.map((peer) => this.push(peer)));
  }

  /** The leader's state (standinRaftMeta): taken from the current leader only. */
  onMeta(term: number, leader: string, text: string): Value {
    const [, ok] = pair(this.onBeat(term, leader));
    if (ok === 1) this.replicated.apply(text);
    return { kind: 'vector', type: 4, values: [this.term, ok, this.replicated.version()] };
  }

  /** A candidate asks for our vote; Raft's up-to-date rule: not if its state is older than ours. */
  onVote(term: number, candidate: string, candidateVersion: number): Value {
    this.lastContact.set(candidate, Date.now());
    if (term > this.term) this.becomeFollower(term, '');
    const grant =
      term === this.term &&
      this.state !== 'leader' &&
      candidateVersion >= this.replicated.version() &&
      (this.votedFor === '' || this.votedFor === candidate);
    if (grant) {
      this.votedFor = candidate;
      this.persist();
      this.resetElectionTimer();
    }
    return { kind: 'vector', type: 4, values: [this.term, grant ? 1 : 0] };
  }

  /** The leader's heartbeat. */
  onBeat(term: number, leader: string): Value {
    this.lastContact.set(leader, Date.now());
    const version = this.replicated.version();
    if (term < this.term) return { kind: 'vector', type: 4, values: [this.term, 0, version] };
    if (term > this.term || this.state !== 'follower' || this.leader !== leader)
      this.becomeFollower(term, leader);
    else this.resetElectionTimer();
    return { kind: 'vector', type: 4, values: [this.term, 1, version] };
  }
}

function pair(value: Value): [number, number, number] {
  if (value.kind !== 'vector') return [0, 0, -1];
  return [Number(value.values[0] ?? 0), Number(value.values[1] ?? 0), Number(value.values[2] ?? -1)];
}
