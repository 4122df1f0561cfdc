/**
 * `pnodeRun(function)` (DOCS funcs/p/pnodeRun; facts §12.2 "verify: pnodeRun(version)"): calls a
 * function without arguments on every live data and compute node of the cluster and merges the
 * results. For a scalar result that is a table with the node's alias (`node`) and the result
 * (`value`), the shape the manual gives for scalars. The live nodes come from the controller's
 * getClusterPerf (facts §6.2: mode 0 data node, 4 compute node, state 1 alive).
 */
import { elems, type Session } from './evaluate.js';
import { ScriptError } from './errors.js';
import type { NodeRuntime } from './node.js';
import { str, T, table, vector, type Value } from './values.js';

type Row = { readonly name: string; readonly host: string; readonly port: number };

export async function pnodeRun(node: NodeRuntime, args: Value[], session: Session): Promise<Value> {
  const fn = args[0];
  if (fn?.kind !== 'function') throw new ScriptError('The first argument of pnodeRun must be a function.');
  const rows = liveWorkers(await clusterPerf(node, session));
  const results = await Promise.all(
    rows.map((row) =>
      node.peers
        .get(row.host, row.port)
        .call('standinRpc', [str(session.user ?? ''), str(fn.name), { kind: 'any', values: [...fn.bound] }]),
    ),
  );
  const values = results.map((value) => (value.kind === 'scalar' ? value.value : null));
  const type = results[0]?.kind === 'scalar' ? results[0].type : T.string;
  return table([
    [
      'node',
      vector(
        T.string,
        rows.map((row) => row.name),
      ),
    ],
    ['value', vector(type, values)],
  ]);
}

/** getClusterPerf as the leader controller sees it (asked directly on a controller). */
async function clusterPerf(node: NodeRuntime, session: Session): Promise<Value> {
  if (node.controller) return node.controller.perfTable(false);
  const alias = node.controllerAlias();
  const site = node.siteOf(alias);
  if (!site) throw new ScriptError(`Can't find the node [${alias}].`); // stand-in wording
  return node.peers
    .get(site.host, site.port)
    .call('standinRpc', [str(session.user ?? ''), str('getClusterPerf'), { kind: 'any', values: [] }]);
}

function liveWorkers(perf: Value): Row[] {
  if (perf.kind !== 'table') return [];
  const column = (name: string) => elems(perf.columns.find(([n]) => n === name)?.[1] ?? vector(T.any, []));
  const [names, hosts, ports, modes, states] = ['name', 'host', 'port', 'mode', 'state'].map(column);
  const rows: Row[] = [];
  (names ?? []).forEach((name, i) => {
    const mode = Number(modes?.[i]);
    if ((mode === 0 || mode === 4) && Number(states?.[i]) === 1)
      rows.push({ name: String(name), host: String(hosts?.[i]), port: Number(ports?.[i]) });
  });
  return rows;
}
