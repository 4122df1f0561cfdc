/**
 * The agent (facts §2.1): one per server; registers with the controller named by `controllerSite`
 * (facts §2.2 "controllerSite in agent.cfg must equal localSite in controller.cfg, even if only the
 * alias changes"), sends heartbeats, and starts and stops the data and compute nodes of its server
 * as child processes of the same executable when the controller asks. Their home is
 * `<agent home>/<alias>` and their log `<agent log dir>/<alias>.log` (facts §2.7).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Heartbeat } from './heartbeat.js';
import { log } from './log.js';
import type { NodeRuntime } from './node.js';
import { Peers } from './peer.js';
import { siteText, type Site } from './sites.js';
import { bool, str } from './values.js';

export class AgentRole {
  private readonly heartbeat: Heartbeat;
  private readonly peers = new Peers(3_000);
  private readonly children = new Map<string, ChildProcess>();

  constructor(
    private readonly node: NodeRuntime,
    private readonly controllerSite: Site,
    readonly controllers: readonly Site[],
    private readonly sitesText: string | undefined,
    private readonly onFatal: (message: string) => void,
  ) {
    this.heartbeat = new Heartbeat(
      node,
      this.peers,
      controllers,
      siteText(controllerSite),
      (controller, message) =>
        // The message is the stand-in's: the real one is UNKNOWN (facts §9 "agent not found").
        onFatal(
          `The controllerSite [${siteText(controller)}] does not name a controller that accepts this agent: ${message}`,
        ),
    );
  }

  start(): void {
    this.heartbeat.start();
  }

  async stop(): Promise<void> {
    // The agent's data nodes are processes of their own and keep running (stop them with
    // stopDataNode, or SIGTERM each one).
    await this.heartbeat.stop();
    this.peers.closeAll();
  }

  leaderAlias(): string {
    return this.heartbeat.leader || this.controllerSite.alias;
  }

  /** Starts a data/compute node; returns its pid (the running one's when it already runs). */
  startNode(alias: string, argv: readonly string[]): number {
    const running = this.children.get(alias);
    if (running && running.exitCode === null && running.signalCode === null && running.pid)
      return running.pid;
    const home = join(this.node.home, alias);
    const logDir = this.node.logFile ? dirname(this.node.logFile) : this.node.home;
    mkdirSync(home, { recursive: true });
    const args = [
      '-console',
      '0',
      ...argv,
      '-home',
      home,
      '-logFile',
      join(logDir, `${alias}.log`),
      '-stdoutLog',
      '0',
      '-controllerSite',
      siteText(this.controllerSite),
    ];
    if (this.sitesText) args.push('-sites', this.sitesText);
    const licence = this.node.settings.get('license');
    if (licence && !argv.includes('-license')) args.push('-license', licence);
    const child = spawn(process.execPath, [this.node.executable, ...args], {
      cwd: this.node.installDir,
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    this.children.set(alias, child);
    const pid = child.pid ?? 0;
    log.info(`Started ${alias} with pid ${pid}: ${this.node.executable} ${args.join(' ')}`);
    child.on('exit', (code, signal) => {
      const crashed = code !== 0;
      log.info(`${alias} (pid ${pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`}.`);
      if (this.children.get(alias) === child) this.children.delete(alias);
      for (const controller of this.controllers)
        this.peers
          .get(controller.host, controller.port)
          .call('standinNodeExited', [str(alias), bool(crashed)])
          .catch(() => undefined);
    });
    child.on('error', (error) => log.error(`Failed to start ${alias}: ${error.message}`));
    return pid;
  }

  /** Stops a node with SIGTERM (a safe shutdown, facts §2.7). */
  stopNode(alias: string): boolean {
    const child = this.children.get(alias);
    if (!child || child.exitCode !== null || child.signalCode !== null) return false;
    log.info(`Stopping ${alias} (pid ${child.pid}) with SIGTERM.`);
    child.kill('SIGTERM');
    return true;
  }
}
