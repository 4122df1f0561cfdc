/**
 * The functions scripts and `function` requests can call: the ones an installer and the official
 * tools use (facts §6.1, §6.2, §5), plus a few helpers their scripts need (size, all, iif, sleep…).
 * Functions whose names start with `standin` are the stand-in's own node-to-node calls; scripts
 * cannot see them.
 */
import { hostname } from 'node:os';
import { elems, type Functions, type Session } from './evaluate.js';
import { ScriptError } from './errors.js';
import { log } from './log.js';
import type { NodeRuntime } from './node.js';
import { PeerError } from './peer.js';
import { connectHost } from './sites.js';
import { applyChange, changePassword, checkLogin } from './users.js';
import { updateLicence } from './licence-update.js';
import { pnodeRun } from './pnode-run.js';
import { chunkOp } from './dfs-access.js';
import { DFS_FUNCTIONS, materializeTable } from './dfs-scripts.js';
import { T, VOID, bool, display, int, scalar, str, table, typestr, vector, type Value } from './values.js';
import { VERSION_STRING } from './version.js';

type Fn = (node: NodeRuntime, args: Value[], session: Session) => Value | Promise<Value>;

/** The administrator (facts §1.1: admin, password 123456 until changePwd, users.ts). */
const ADMIN = { user: 'admin' };

/** facts §6.2 mode codes: 0 datanode, 1 agent, 2 controller, 3 single, 4 computenode. */
export const MODE_CODE = { datanode: 0, agent: 1, controller: 2, single: 3, computenode: 4 } as const;

const string1 = (args: Value[], i: number, fn: string): string => {
  const v = args[i];
  if (!v || v.kind !== 'scalar' || (v.type !== T.string && v.type !== T.symbol))
    throw new ScriptError(`The argument ${i + 1} of ${fn} must be a string scalar.`);
  return String(v.value ?? '');
};

const flag = (args: Value[], i: number, fallback: boolean): boolean => {
  const v = args[i];
  if (!v || (v.kind === 'scalar' && v.type === T.void)) return fallback;
  const e = elems(v)[0];
  return e === true || (typeof e === 'number' && e !== 0);
};

export function requireAdmin(session: Session, fn: string): void {
  // api-java DBConnectionTest.java: `Only administrators execute function getGroupList`.
  if (session.user !== ADMIN.user) throw new ScriptError(`Only administrators execute function ${fn}`);
}

/** The wording a real 2.00.x server uses for getClusterPerf elsewhere (WEB src/model.ts comment). */
const onlyMaster = (fn: string, single = false) =>
  new ScriptError(`Only master${single ? ' or single mode' : ''} supports function ${fn}.`);

/** The aliases of a startDataNode/stopDataNode argument (STRING scalar or vector, facts §6.1). */
const aliasList = (args: Value[], fn: string): string[] => {
  const v = args[0];
  if (!v) throw new ScriptError(`${fn} expects node aliases.`);
  return elems(v).map((e) => String(e ?? ''));
};

const PUBLIC: Record<string, Fn> = {
  login: async (node, args, session) => {
    const user = string1(args, 0, 'login');
    const password = string1(args, 1, 'login');
    // api-java DBConnectionTest.java: `The user name or password is incorrect.`
    if (!(await checkLogin(node, user, password)))
      throw new ScriptError('The user name or password is incorrect.');
    session.user = user;
    return VOID;
  },
  changePwd: async (node, args, session) => {
    await changePassword(node, session.user, string1(args, 0, 'changePwd'), string1(args, 1, 'changePwd'));
    return VOID;
  },
  logout: (_node, _args, session) => {
    session.user = undefined;
    return VOID;
  },
  version: () => str(VERSION_STRING),
  getNodeAlias: (node) => str(node.alias),
  getNodeType: (node) => int(MODE_CODE[node.mode]),
  getNodeHost: (node) => str(node.site.host),
  getNodePort: (node) => int(node.site.port),
  getHomeDir: (node) => str(node.home),
  getControllerAlias: (node) => str(node.controllerAlias()),
  getActiveMaster: (node) => {
    // facts §6.2: controller only; the leader's alias (or the sole controller's).
    if (!node.controller) throw onlyMaster('getActiveMaster');
    return str(node.controller.leaderAlias());
  },
  getClusterPerf: (node, args) => {
    const includeMaster = flag(args, 0, false);
    if (node.controller) return node.controller.perfTable(includeMaster);
    if (node.mode === 'single') return singlePerf(node);
    throw onlyMaster('getClusterPerf', true);
  },
  startDataNode: async (node, args, session) => {
    requireAdmin(session, 'startDataNode');
    if (!node.controller) throw onlyMaster('startDataNode');
    await node.controller.startNodes(aliasList(args, 'startDataNode'));
    return VOID;
  },
  addNode: async (node, args, session) => {
    // facts §12.1: addNode(host, port, alias, [saveConfig=true], [nodeType='datanode']); admin only;
    // scalars or vectors of the same length (nodeType may stay a scalar). Stand-in: no computeGroup
    // or zone.
    requireAdmin(session, 'addNode');
    if (!node.controller) throw onlyMaster('addNode');
    const column = (i: number) => elems(args[i] ?? VOID);
    const [hosts, ports, aliases] = [column(0), column(1), column(2)];
    const types =
      args[4] && !(args[4].kind === 'scalar' && args[4].type === T.void) ? column(4) : ['datanode'];
    const n = hosts.length;
    if (ports.length !== n || aliases.length !== n || (types.length !== 1 && types.length !== n))
      throw new ScriptError(
        'The host, port, alias and nodeType arguments of addNode must have the same length.',
      ); // stand-in
    const rows = hosts.map((host, i) => {
      const port = Number(ports[i]);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new ScriptError('The argument 2 of addNode must be a port number.');
      const type = String((types.length === 1 ? types[0] : types[i]) ?? 'datanode');
      if (type !== 'datanode' && type !== 'computenode')
        throw new ScriptError(`The node type must be datanode or computenode, not [${type}].`);
      if (typeof host !== 'string' || typeof aliases[i] !== 'string')
        throw new ScriptError('The host and alias arguments of addNode must be strings.');
      return { host, port, alias: String(aliases[i]), mode: type, computeGroup: '', zone: '' } as const;
    });
    for (const row of rows) await node.controller.addNode(row, flag(args, 3, true));
    return VOID;
  },
  stopDataNode: async (node, args, session) => {
    requireAdmin(session, 'stopDataNode');
    if (!node.controller) throw onlyMaster('stopDataNode');
    await node.controller.stopNodes(aliasList(args, 'stopDataNode'));
    return VOID;
  },
  getDatanodeRestartInterval: (node) => {
    if (!node.controller) throw onlyMaster('getDatanodeRestartInterval');
    return int(Number(node.settings.get('datanodeRestartInterval') ?? 0));
  },
  license: (node) => {
    // DOCS funcs/l/license (2.00.11): authorization, licenseType, maxMemoryPerNode, bindCores,
    // maxCoresPerNode, clientName, port, bindCPU, expiration, maxNodes, version, modules.
    const l = node.licence;
    const entries: [string, Value][] = [
      ['authorization', str(l.authorization)],
      ['licenseType', int(l.licenseType)],
      ['maxMemoryPerNode', int(l.maxMemoryPerNode)],
      ['bindCores', vector(T.int, [])],
      ['maxCoresPerNode', int(l.maxCoresPerNode)],
      ['clientName', str(l.clientName)],
      ['port', int(null)],
      ['bindCPU', bool(false)],
      ['expiration', scalar(T.date, l.expiration)],
      ['maxNodes', int(l.maxNodes)],
      ['version', str(l.version)],
      ['modules', scalar(T.long, BigInt(l.modules))],
    ];
    return {
      kind: 'dict',
      keyType: T.string,
      keys: entries.map(([k]) => k),
      values: entries.map(([, v]) => v),
    };
  },
  getLicenseExpiration: (node) => scalar(T.date, node.licence.expiration),
  updateLicense: (node) => {
    node.licence = updateLicence(node.licence);
    return VOID;
  },
  pnodeRun: (node, args, session) => pnodeRun(node, args, session),
  getConfig: (node, args) => {
    if (args.length > 0) {
      const key = string1(args, 0, 'getConfig');
      return str(node.settings.get(key) ?? '');
    }
    const keys = [...node.settings.keys()];
    return {
      kind: 'dict',
      keyType: T.string,
      keys,
      values: keys.map((k) => str(node.settings.get(k) ?? '')),
    };
  },
  rpc: async (node, args, session) => {
    const alias = string1(args, 0, 'rpc');
    const fn = args[1];
    const name =
      fn?.kind === 'function'
        ? fn.name
        : fn?.kind === 'scalar' && fn.type === T.string
          ? String(fn.value)
          : '';
    if (!name) throw new ScriptError('The second argument of rpc must be a function.');
    const callArgs = [...(fn?.kind === 'function' ? fn.bound : []), ...args.slice(2)];
    if (alias === node.alias) return builtins(node).call(name, callArgs, session);
    const site = node.siteOf(alias);
    if (!site) throw new ScriptError(`Can't find the node [${alias}].`); // stand-in wording
    try {
      return await node.peers
        .get(site.host, site.port)
        .call('standinRpc', [str(session.user ?? ''), str(name), { kind: 'any', values: callArgs }]);
    } catch (error) {
      if (error instanceof PeerError) throw new ScriptError(error.message);
      throw new ScriptError(
        `Failed to connect to ${alias} (${connectHost(site.host)}:${site.port}): ${String(error)}`,
      );
    }
  },
  sleep: async (_node, args) => {
    const ms = Number(elems(args[0] ?? int(0))[0] ?? 0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, 600_000))));
    return VOID;
  },
  size: (_node, args) => int(sizeOf(args[0])),
  count: (_node, args) => int(sizeOf(args[0])),
  rows: (_node, args) => int(sizeOf(args[0])),
  all: (_node, args) =>
    bool(elems(args[0] ?? VOID).every((e) => e === true || (typeof e === 'number' && e !== 0))),
  any: (_node, args) =>
    bool(elems(args[0] ?? VOID).some((e) => e === true || (typeof e === 'number' && e !== 0))),
  distinct: (_node, args) => {
    const v = args[0] ?? VOID;
    const seen = [...new Set(elems(v).map((e) => (typeof e === 'bigint' ? e.toString() : e)))];
    return vector(v.kind === 'vector' ? v.type : T.any, seen);
  },
  iif: (_node, args) => {
    const [cond = VOID, a = VOID, b = VOID] = args;
    const c = elems(cond);
    if (cond.kind === 'scalar') return c[0] === true || (typeof c[0] === 'number' && c[0] !== 0) ? a : b;
    const ae = elems(a);
    const be = elems(b);
    const type = a.kind === 'scalar' || a.kind === 'vector' ? a.type : T.any;
    return vector(
      type,
      c.map((x, i) =>
        x === true || (typeof x === 'number' && x !== 0)
          ? ((ae.length === 1 ? ae[0] : ae[i]) ?? null)
          : ((be.length === 1 ? be[0] : be[i]) ?? null),
      ),
    );
  },
  isNull: (_node, args) => {
    const v = args[0] ?? VOID;
    return v.kind === 'scalar'
      ? bool(v.value === null)
      : vector(
          T.bool,
          elems(v).map((e) => e === null),
        );
  },
  string: (_node, args) => str(display(args[0] ?? VOID)),
  symbol: (_node, args) =>
    vector(
      T.symbol,
      elems(args[0] ?? VOID).map((e) => (e === null ? '' : String(e))),
    ),
  typestr: (_node, args) => str(typestr(args[0] ?? VOID)),
  print: () => VOID,
  writeLog: (_node, args) => {
    log.info(args.map(display).join(''));
    return VOID;
  },
  ...DFS_FUNCTIONS,
};

function sizeOf(value: Value | undefined): number {
  if (!value) return 0;
  switch (value.kind) {
    case 'scalar':
      return 1;
    case 'vector':
    case 'any':
      return value.values.length;
    case 'table':
      return value.columns[0]?.[1].values.length ?? 0;
    case 'dict':
      return value.keys.length;
    case 'function':
    case 'handle':
      return 1;
  }
}

/** getClusterPerf on a single node: its own row, mode 3. */
function singlePerf(node: NodeRuntime): Value {
  return table([
    ['host', vector(T.string, [node.site.host === 'localhost' ? hostname() : node.site.host])],
    ['port', vector(T.int, [node.site.port])],
    ['site', vector(T.string, [`${node.site.host}:${node.site.port}:${node.alias}`])],
    ['mode', vector(T.int, [MODE_CODE.single])],
    ['state', vector(T.int, [1])],
    ['name', vector(T.string, [node.alias])],
    ['maxMemSize', vector(T.double, [Number(node.settings.get('maxMemSize') ?? 0)])],
    ['workerNum', vector(T.int, [Number(node.settings.get('workerNum') ?? 1)])],
    ['connectionNum', vector(T.int, [node.connectionCount()])],
    ['memoryUsed', vector(T.long, [BigInt(process.memoryUsage().heapUsed)])],
    ['isLeader', vector(T.bool, [null])],
  ]);
}

/** Node-to-node calls (peer.ts). */
const INTERNAL: Record<string, Fn> = {
  standinHeartbeat: (node, args) => {
    if (!node.controller) throw new ScriptError(`${node.alias} is not a controller.`);
    return node.controller.onHeartbeat(args);
  },
  standinNodeExited: (node, args) => {
    if (!node.controller) throw new ScriptError(`${node.alias} is not a controller.`);
    node.controller.onNodeExited(string1(args, 0, 'standinNodeExited'), flag(args, 1, false));
    return VOID;
  },
  standinAddNode: (node, args) => {
    if (!node.controller) throw new ScriptError(`${node.alias} is not a controller.`);
    const mode = string1(args, 3, 'standinAddNode') === 'computenode' ? 'computenode' : 'datanode';
    node.controller.addLocally(
      {
        host: string1(args, 0, 'standinAddNode'),
        port: Number(elems(args[1] ?? VOID)[0]),
        alias: string1(args, 2, 'standinAddNode'),
        mode,
        computeGroup: '',
        zone: '',
      },
      flag(args, 4, true),
    );
    return VOID;
  },
  standinStartNode: (node, args) => {
    if (!node.agent) throw new ScriptError(`${node.alias} is not an agent.`);
    const argv = elems(args[1] ?? VOID).map((e) => String(e ?? ''));
    return int(node.agent.startNode(string1(args, 0, 'standinStartNode'), argv));
  },
  standinStopNode: (node, args) => {
    if (!node.agent) throw new ScriptError(`${node.alias} is not an agent.`);
    return bool(node.agent.stopNode(string1(args, 0, 'standinStopNode')));
  },
  standinRaftVote: (node, args) => {
    const raft = node.controller?.raft;
    if (!raft) throw new ScriptError(`${node.alias} is not in a Raft group.`);
    return raft.onVote(
      Number(elems(args[0] ?? VOID)[0] ?? 0),
      string1(args, 1, 'standinRaftVote'),
      Number(elems(args[2] ?? VOID)[0] ?? 0),
    );
  },
  standinRaftBeat: (node, args) => {
    const raft = node.controller?.raft;
    if (!raft) throw new ScriptError(`${node.alias} is not in a Raft group.`);
    return raft.onBeat(Number(elems(args[0] ?? VOID)[0] ?? 0), string1(args, 1, 'standinRaftBeat'));
  },
  standinRaftMeta: (node, args) => {
    const raft = node.controller?.raft;
    if (!raft) throw new ScriptError(`${node.alias} is not in a Raft group.`);
    return raft.onMeta(
      Number(elems(args[0] ?? VOID)[0] ?? 0),
      string1(args, 1, 'standinRaftMeta'),
      string1(args, 2, 'standinRaftMeta'),
    );
  },
  standinDfs: async (node, args) => {
    if (!node.dfsMaster) throw new ScriptError(`${node.alias} keeps no DFS metadata.`);
    const op = string1(args, 0, 'standinDfs');
    const result = await node.dfsMaster.handle(
      op,
      JSON.parse(string1(args, 1, 'standinDfs')) as Record<string, unknown>,
    );
    return str(JSON.stringify(result ?? null));
  },
  standinChunk: (node, args) => {
    const op = string1(args, 0, 'standinChunk');
    const result = chunkOp(
      node.chunkStore,
      op,
      JSON.parse(string1(args, 1, 'standinChunk')) as Record<string, unknown>,
    );
    return str(JSON.stringify(result ?? null));
  },
  standinCheckLogin: (node, args) =>
    bool(node.users.check(string1(args, 0, 'standinCheckLogin'), string1(args, 1, 'standinCheckLogin'))),
  standinChangePwd: (node, args) =>
    applyChange(
      node,
      string1(args, 0, 'standinChangePwd'),
      string1(args, 1, 'standinChangePwd'),
      string1(args, 2, 'standinChangePwd'),
    ),
  standinSetPassword: (node, args) => {
    node.users.set(string1(args, 0, 'standinSetPassword'), string1(args, 1, 'standinSetPassword'));
    return VOID;
  },
  standinRpc: (node, args) => {
    const user = string1(args, 0, 'standinRpc');
    const name = string1(args, 1, 'standinRpc');
    const callArgs = args[2]?.kind === 'any' ? [...args[2].values] : [];
    return builtins(node).call(name, callArgs, { id: 'rpc', user: user || undefined, vars: new Map() });
  },
};

export type Builtins = Functions & {
  /** A `function` request: public functions and the stand-in's internal ones. */
  callRequest(name: string, args: Value[], session: Session): Promise<Value>;
};

export function builtins(node: NodeRuntime): Builtins {
  return {
    has: (name) => Object.hasOwn(PUBLIC, name),
    materialize: async (value) =>
      value.kind === 'handle' && value.of === 'table' ? materializeTable(node, value) : value,
    call: async (name, args, session) => {
      const fn = PUBLIC[name];
      if (!fn) throw new ScriptError(`Can't recognize function name ${name}`);
      return fn(node, args, session);
    },
    callRequest: async (name, args, session) => {
      const fn = Object.hasOwn(PUBLIC, name)
        ? PUBLIC[name]
        : Object.hasOwn(INTERNAL, name)
          ? INTERNAL[name]
          : undefined;
      // api-cplusplus DolphinDBImp.cpp matches `Can't recognize function name scramClientFirst`.
      if (!fn) throw new ScriptError(`Can't recognize function name ${name}`);
      return fn(node, args, session);
    },
  };
}
