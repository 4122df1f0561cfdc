/**
 * Entry point of the stand-in `dolphindb` executable (a test double of the DolphinDB server, built
 * into one file by ../build.mjs). It starts like the server: command line (facts §1.2), config files
 * (facts §1.3, §2), licence (facts §5), port, role; it fails to start with the documented log lines
 * and exit status 1 (facts §9); it stops on SIGTERM (facts §2.7).
 */
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { AgentRole } from './agent.js';
import { parseCommandLine, type CommandLine } from './cli-args.js';
import {
  checkMacros,
  checkValues,
  modeOf,
  parseConfigText,
  readConfigFile,
  resolveFor,
  type ConfigFile,
} from './config.js';
import { ControllerRole } from './controller.js';
import { DataRole } from './datanode.js';
import { ChunkStore, storageDirs } from './chunks.js';
import { DfsMaster } from './dfs-meta.js';
import { fail, ScriptError, StartupError } from './errors.js';
import { checkLicence, checkNodeCount, licencePath, readLicence } from './licence.js';
import { log } from './log.js';
import { NodeRuntime } from './node.js';
import { writesEnded } from './dfs-scripts.js';
import { readNodesFile, type ClusterNode } from './nodes-file.js';
import { PeerClient } from './peer.js';
import { parseSite, parseSites, siteText, type Site } from './sites.js';
import { display } from './values.js';

const executable = realpathSync(process.argv[1] ?? '.');
const installDir = dirname(executable);

let running: NodeRuntime | undefined;
let shuttingDown = false;

/** Logs a start failure (facts §9 lines) and exits with status 1. */
function exitWith(error: unknown): never {
  if (error instanceof StartupError) for (const l of error.lines) log.line(l.level, l.text);
  else log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  log.flushEarly();
  process.exit(1);
}

/** facts §1.1 "Install path must not contain spaces or Chinese characters, otherwise starting data nodes fails". */
const badPath = (p: string) => /\s|[^\x20-\x7e]/.test(p);

async function main(): Promise<void> {
  let cmd: CommandLine;
  try {
    cmd = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    log.open({ stdout: true });
    return exitWith(error);
  }
  if (cmd.only.has('remoteHost')) return runClient(cmd);

  const home = resolve(cmd.only.get('home') ?? installDir);
  const stdoutLog = (cmd.only.get('stdoutLog') ?? '0').toLowerCase();
  const logFile = resolve(cmd.only.get('logFile') ?? join(home, 'dolphindb.log'));
  // facts §1.2: stdoutLog 0 = file, 1 = stdout, 2 = both (the ARM image passes `-stdoutLog true`).
  const toStdout = stdoutLog === '1' || stdoutLog === '2' || stdoutLog === 'true';
  const toFile = stdoutLog !== '1' && stdoutLog !== 'true';
  log.open({ file: toFile ? logFile : undefined, stdout: toStdout });
  log.info(`Stand-in process ${process.pid}: ${executable} ${process.argv.slice(2).join(' ')}`);

  let node: NodeRuntime;
  try {
    node = configure(cmd, home, toFile ? logFile : undefined);
  } catch (error) {
    return exitWith(error);
  }

  try {
    await node.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const errno = code === 'EADDRINUSE' ? 98 : code === 'EACCES' ? 13 : code === 'EADDRNOTAVAIL' ? 99 : 1;
    // facts §9 / node_startup §4.1.2: the two documented lines.
    return exitWith(
      new StartupError([
        {
          level: 'ERROR',
          text: `Failed to bind the socket on port ${node.site.port} with error code ${errno}`,
        },
        {
          level: 'ERROR',
          text: `Failed to bind the socket on port ${node.site.port}. Shutting down the server. Please try again in a couple of minutes.`,
        },
      ]),
    );
  }
  running = node;
  log.info(`Listening on port ${node.site.port} (API, HTTP) as ${node.mode} ${node.alias}.`);

  node.controller?.start();
  node.agent?.start();
  node.data?.start();
  if (node.mode === 'datanode' || node.mode === 'computenode' || node.mode === 'single')
    log.info('ChunkMgmt initialization completed.');
  // facts §6.2 / node_startup §2.9: the marker of a node that has fully started.
  log.info('Job scheduler start to initialize.');
  log.info('Job scheduler initialization completed.');

  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  startConsole(cmd, node);
}

/** Reads the command line, config files and licence; throws StartupError. */
function configure(cmd: CommandLine, home: string, logFile: string | undefined): NodeRuntime {
  // Without -config a single node reads dolphindb.cfg from the working directory or the server
  // directory (facts §1.2 `./dolphindb` in server/; §8.1 the image maps server/dolphindb.cfg). Nodes
  // started with another -mode (data nodes, by their agent) get everything on the command line.
  const modeOverride = cmd.overrides.get('mode');
  const configPath = cmd.only.get('config')
    ? resolve(cmd.only.get('config') ?? '')
    : modeOverride === undefined || modeOverride === 'single'
      ? [resolve('dolphindb.cfg'), join(installDir, 'dolphindb.cfg')].find((p) => existsSync(p))
      : undefined;
  const config: ConfigFile = configPath
    ? readConfigFile(configPath)
    : parseConfigText('# none\n', '(no config)');
  const overrides: ConfigFile = {
    path: 'the command line',
    entries: [...cmd.overrides].map(([key, value]) => ({ scope: undefined, key, value })),
  };
  checkValues(resolveFor([overrides], ''), 'the command line');
  checkValues(resolveFor([config], ''), configPath ?? 'the command line', false);
  const plain = resolveFor([config, overrides], '');
  const mode = modeOf(plain);
  const localSiteText =
    plain.get('localSite') ?? (mode === 'single' ? 'localhost:8848:local8848' : undefined);
  if (!localSiteText) throw fail(`The configuration parameter localSite is required for a ${mode} node.`); // stand-in
  const site = parseSite(localSiteText, 'localSite');
  const settings = resolveFor([config, overrides], site.alias);
  settings.set('mode', mode);
  settings.set('localSite', localSiteText);
  checkValues(resolveFor([config], site.alias), configPath ?? 'the command line');

  if ((mode === 'datanode' || mode === 'computenode') && (badPath(home) || badPath(installDir)))
    // facts §1.1: third-party report of the error text `Cannot open configuration file` (UNCERTAIN).
    throw fail(
      `Cannot open configuration file: the path [${badPath(home) ? home : installDir}] contains a space or a non-ASCII character.`,
    );

  const licence = readLicence(licencePath(executable, settings.get('license')));
  checkLicence(licence);
  if (Number(settings.get('maxMemSize') ?? 0) > licence.maxMemoryPerNode)
    // facts §11.6: clamp or refuse is UNVERIFIED; the official clusterDemo (maxMemSize=32) runs on
    // the community licence (8 GB), so the stand-in clamps.
    log.warn(
      `maxMemSize ${settings.get('maxMemSize')} exceeds the license limit; it is set to ${licence.maxMemoryPerNode}.`,
    );
  if (Number(settings.get('workerNum') ?? 0) > licence.maxCoresPerNode)
    log.warn(
      `workerNum ${settings.get('workerNum')} exceeds the cores the license allows (${licence.maxCoresPerNode}).`,
    );

  const node = new NodeRuntime({ mode, site, home, installDir, executable, logFile, settings, licence });

  if (mode === 'controller') {
    const configDir = configPath ? dirname(configPath) : home;
    const nodesPath = resolve(cmd.only.get('nodesFile') ?? join(configDir, 'cluster.nodes'));
    const nodes = readNodesFile(nodesPath);
    const clusterPath = cmd.only.get('clusterConfig')
      ? resolve(cmd.only.get('clusterConfig') ?? '')
      : join(configDir, 'cluster.cfg');
    const clusterConfig =
      cmd.only.get('clusterConfig') || existsSync(clusterPath)
        ? readConfigFile(clusterPath)
        : parseConfigText('# none\n', clusterPath);
    checkMacros(clusterConfig);
    checkValues(resolveFor([clusterConfig], ''), clusterPath);
    for (const n of nodes)
      if (n.mode === 'datanode' || n.mode === 'computenode')
        checkValues(resolveFor([clusterConfig], n.alias), clusterPath, false);
    const ha = (settings.get('dfsHAMode') ?? '').toLowerCase() === 'raft';
    checkControllerRows(nodes, site, ha, nodesPath);
    const counted = nodes.filter((n) => n.mode === 'datanode' || n.mode === 'computenode').length;
    checkNodeCount(licence, counted + (ha ? nodes.filter((n) => n.mode === 'controller').length : 1));
    log.info(`Initializing AclManager with Raft ${ha ? 'enabled' : 'disabled'}`);
    log.info(`Initialization of AclManager is completed with Raft ${ha ? 'enabled' : 'disabled'}`);
    node.controller = new ControllerRole(node, nodes, clusterConfig, ha, nodesPath);
  } else if (mode === 'agent') {
    const controllerSiteText = settings.get('controllerSite');
    // seed 002 §5.2: "localSite and controllerSite are mandatory" in agent.cfg.
    if (!controllerSiteText)
      throw fail('The configuration parameter controllerSite is required for an agent.');
    const controllerSite = parseSite(controllerSiteText, 'controllerSite');
    const sitesText = settings.get('sites');
    const controllers = controllersOf(controllerSite, sitesText);
    if (
      sitesText &&
      !parseSites(sitesText).some((s) => s.mode === 'controller' && siteText(s) === siteText(controllerSite))
    )
      // facts §2.5: sites lists this agent and all controllers; controllerSite is one of them.
      throw fail(
        `The controllerSite [${siteText(controllerSite)}] names no controller in sites [${sitesText}].`,
      ); // stand-in wording
    node.agent = new AgentRole(node, controllerSite, controllers, sitesText, (message) => {
      log.error(message);
      void shutdown('controller', 1);
    });
  } else if (mode === 'datanode' || mode === 'computenode') {
    const controllerSiteText = settings.get('controllerSite');
    const controllerSite = controllerSiteText ? parseSite(controllerSiteText, 'controllerSite') : undefined;
    if (!controllerSite) log.warn('No controllerSite: this node reports to no controller.');
    if (mode === 'datanode') node.chunkStore = openChunkStore(home, site.alias, settings);
    node.data = new DataRole(
      node,
      controllerSite ? controllersOf(controllerSite, settings.get('sites')) : [],
      controllerSite,
      node.chunkStore,
    );
  } else if (mode === 'single') {
    // A single node is its own controller and data node (facts §1.2: `local8848/dfsMeta`,
    // `local8848/storage/CHUNK_METADATA`); dfsReplicationFactor defaults to 1 there (facts §2.5).
    const store = openChunkStore(home, site.alias, settings);
    node.chunkStore = store;
    const metaDir = settings.get('dfsMetaDir');
    node.dfsMaster = new DfsMaster(metaDir ? resolve(home, metaDir) : join(home, site.alias, 'dfsMeta'), {
      localAlias: site.alias,
      replicationFactor: Number(settings.get('dfsReplicationFactor') ?? 1),
      reliabilityLevel: 0,
      dataNodes: () => [site],
      alive: (alias) => alias === site.alias,
      isLeader: () => true,
      leaderAlias: () => site.alias,
      replicate: () => Promise.resolve(),
      localChunks: () => store.versions(),
    });
  }
  return node;
}

function openChunkStore(home: string, alias: string, settings: ReadonlyMap<string, string>): ChunkStore {
  const { volume, metaDir } = storageDirs(home, alias, settings);
  return new ChunkStore(volume, metaDir);
}

/** The controllers an agent or data node knows: controllerSite and the controllers in `sites`. */
function controllersOf(controllerSite: Site, sitesText: string | undefined): Site[] {
  const all: Site[] = [
    controllerSite,
    ...(sitesText ? parseSites(sitesText).filter((s) => s.mode === 'controller') : []),
  ];
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = `${s.host}:${s.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * In a Raft cluster cluster.nodes lists every controller, this one included (facts §2.5); in a
 * single-controller cluster it lists none (facts §2.3 "controllers are listed only in HA clusters").
 */
function checkControllerRows(nodes: readonly ClusterNode[], site: Site, ha: boolean, path: string): void {
  const controllers = nodes.filter((n) => n.mode === 'controller');
  if (ha && !controllers.some((c) => siteText(c) === siteText(site)))
    throw fail(`The controller ${siteText(site)} is not listed in the nodes file [${path}].`); // stand-in wording
}

async function shutdown(reason: string, status: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info(`Received ${reason}: shutting down the server.`);
  const node = running;
  const force = setTimeout(() => process.exit(status), 5_000);
  force.unref();
  try {
    node?.controller?.stop();
    await node?.agent?.stop();
    // A write under way ends (or fails) before the node goes, so no chunk waits on it.
    await writesEnded(3_000);
    await node?.data?.stop();
    await node?.close();
  } catch (error) {
    log.warn(`Shutdown: ${String(error)}`);
  }
  // facts §9: expected at shutdown, not an error.
  log.error(' The socket server ended.');
  log.info('The server has stopped.');
  process.exit(status);
}

/**
 * `-console` (default 1) reads scripts from standard input; when the input ends the server stops —
 * which is why background starts need `-console 0` (facts §1.2 "otherwise the system exits after a
 * while").
 */
function startConsole(cmd: CommandLine, node: NodeRuntime): void {
  if ((cmd.only.get('console') ?? '1') === '0') return;
  const session = node.newSession(undefined);
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  const prompt = () => {
    if (tty) rl.prompt();
  };
  rl.setPrompt('> ');
  prompt();
  // One line at a time, in order.
  let queue = Promise.resolve();
  let ended = false;
  rl.on('line', (line) => {
    queue = queue.then(() =>
      node
        .runConsole(line, session)
        .then((value) => {
          if (!(value.kind === 'scalar' && value.type === 0)) process.stdout.write(display(value) + '\n');
        })
        .catch(
          (error: unknown) =>
            void process.stdout.write((error instanceof Error ? error.message : String(error)) + '\n'),
        )
        .finally(prompt),
    );
  });
  rl.on('close', () => {
    if (ended) return;
    ended = true;
    void queue.then(() => shutdown('the end of the console input', 0));
  });
}

/**
 * Client mode (facts §1.2): `-remoteHost h -remotePort p [-uid u -pwd p] -run file.dos` runs the
 * script on that server and exits 0 on success, 1 otherwise.
 */
async function runClient(cmd: CommandLine): Promise<void> {
  const host = cmd.only.get('remoteHost') ?? '';
  const port = Number(cmd.only.get('remotePort') ?? 8848);
  const client = new PeerClient(host, port, 30_000);
  try {
    const { readFileSync } = await import('node:fs');
    const uid = cmd.only.get('uid');
    if (uid)
      await client.script(`login(${JSON.stringify(uid)}, ${JSON.stringify(cmd.only.get('pwd') ?? '')})`);
    const file = cmd.only.get('run');
    if (!file) throw new ScriptError('Client mode needs -run <script file>.');
    const result = await client.script(readFileSync(file, 'utf8'));
    process.stdout.write(display(result) + '\n');
    client.close();
    process.exit(0);
  } catch (error) {
    process.stderr.write((error instanceof Error ? error.message : String(error)) + '\n');
    client.close();
    process.exit(1);
  }
}

main().catch(exitWith);
