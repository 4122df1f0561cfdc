/**
 * The upgrade as a plan (facts §12.2): whether it is rolling or stop-all, what is refused before
 * anything changes, and the order of a server's turn — all from the hosts' reading, no host needed.
 */
import { describe, expect, it } from 'vitest';
import { deriveTopology } from '../../source/model/derive.js';
import { templateTopology, type TemplateOptions } from '../../source/model/template-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { sshPlanner } from '../../source/plan/modes/ssh.js';
import type { Plan } from '../../source/plan/plan.js';
import { decideUpgrade, type RunningReading } from '../../source/plan/upgrade-decision.js';
import type { UpgradeFrom } from '../../source/plan/upgrade-from.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { addresses } from '../helpers/plans.js';

const OLD = '2.00.11.3';
const NEW = '2.00.12.3';

function topologyOf(options: Partial<TemplateOptions> & Pick<TemplateOptions, 'mode'>): Topology {
  return templateTopology({ addresses: addresses(3), version: NEW, ...options });
}

/** Every node answering `version` (all hosts' start scripts naming it too). */
function running(
  topology: Topology,
  version: string | ((host: string) => string | undefined),
): RunningReading {
  const of = typeof version === 'string' ? () => version : version;
  return {
    nodes: topology.nodes.map((n) => {
      const v = of(n.host);
      return { host: n.host, alias: n.alias, ...(v ? { version: v } : {}) };
    }),
    switched: [...new Set(topology.nodes.map((n) => n.host))].flatMap((host) => {
      const v = of(host);
      return v ? [{ host, version: v }] : [];
    }),
  };
}

const options = { allowDowngrade: false, packageName: `DolphinDB_Linux64_V${NEW}.zip` };

function upgradePlanOf(
  topology: Topology,
  from: UpgradeFrom,
  licensePath: string | null = '/lic/dolphindb.lic',
): Plan {
  const plan = sshPlanner.upgrade?.(
    {
      topology,
      files: renderFiles(topology, { templates: loadTemplates(), toolVersion: 'test' }),
      packageSource: {
        kind: 'file',
        path: `/pkgs/DolphinDB_Linux64_V${NEW}.zip`,
        fileName: `DolphinDB_Linux64_V${NEW}.zip`,
      },
      licensePath: licensePath ?? undefined,
      baseDir: '/',
    },
    from,
  );
  if (!plan) throw new Error('no upgrade plan');
  return plan;
}

const index = (plan: Plan, id: string): number => {
  const i = plan.steps.findIndex((s) => s.id === id);
  if (i < 0) throw new Error(`no step ${id}: ${plan.steps.map((s) => s.id).join(', ')}`);
  return i;
};

/** Every step that (transitively) must finish before `id`. */
function before(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const walk = (x: string) => {
    for (const a of byId.get(x)?.after ?? [])
      if (!seen.has(a)) {
        seen.add(a);
        walk(a);
      }
  };
  walk(id);
  return seen;
}

describe('deciding from what the hosts run', () => {
  const ha = topologyOf({ mode: 'ha' });

  it('the same version everywhere, or nothing deployed yet: the ordinary deployment', () => {
    expect(decideUpgrade(deriveTopology(ha), running(ha, NEW), options)).toEqual({ kind: 'deploy' });
    expect(
      decideUpgrade(
        deriveTopology(ha),
        running(ha, () => undefined),
        options,
      ),
    ).toEqual({ kind: 'deploy' });
  });

  it('an HA cluster on an older version: rolling, every server in order', () => {
    expect(decideUpgrade(deriveTopology(ha), running(ha, OLD), options)).toEqual({
      kind: 'upgrade',
      upgrade: { from: OLD, hosts: ['P1', 'P2', 'P3'], rolling: true },
    });
  });

  it('a cluster that is not running at all is switched all at once: nothing to keep up', () => {
    const stopped = {
      nodes: ha.nodes.map((n) => ({ host: n.host, alias: n.alias })),
      switched: running(ha, OLD).switched,
    };
    expect(decideUpgrade(deriveTopology(ha), stopped, options)).toEqual({
      kind: 'upgrade',
      upgrade: { from: OLD, hosts: ['P1', 'P2', 'P3'], rolling: false },
    });
  });

  it('an interrupted upgrade: a server already on the new version is left out, a silent one is taken', () => {
    const reading = running(ha, (host) => (host === 'P1' ? NEW : host === 'P2' ? undefined : OLD));
    const decision = decideUpgrade(deriveTopology(ha), reading, options);
    expect(decision).toEqual({ kind: 'upgrade', upgrade: { from: OLD, hosts: ['P2', 'P3'], rolling: true } });
  });

  it('a cluster with one controller, or a pseudo-HA whose server holds the majority, stops entirely', () => {
    const cluster = topologyOf({ mode: 'cluster' });
    const decision = decideUpgrade(deriveTopology(cluster), running(cluster, OLD), options);
    expect(decision).toMatchObject({ kind: 'upgrade', upgrade: { rolling: false } });
    const pseudo = templateTopology({ mode: 'pseudo-ha', addresses: addresses(2), version: NEW });
    expect(decideUpgrade(deriveTopology(pseudo), running(pseudo, OLD), options)).toMatchObject({
      upgrade: { rolling: false },
    });
  });

  it('HA with dfsReplicationFactor 1 cannot roll (a stopped server takes its chunks away)', () => {
    const one: Topology = {
      ...ha,
      config: { ...ha.config, controller: { ...ha.config?.controller, dfsReplicationFactor: 1 } },
    };
    expect(decideUpgrade(deriveTopology(one), running(one, OLD), options)).toMatchObject({
      upgrade: { rolling: false },
    });
  });

  it('an older version than the hosts run is refused unless --allow-downgrade, naming the flag', () => {
    const back = topologyOf({ mode: 'ha', version: OLD });
    const refused = decideUpgrade(deriveTopology(back), running(back, NEW), {
      ...options,
      packageName: `DolphinDB_Linux64_V${OLD}.zip`,
    });
    expect(refused).toMatchObject({
      kind: 'refused',
      message: `server.version ${OLD} is older than ${NEW}, which the hosts run`,
    });
    expect(refused.kind === 'refused' && refused.fix).toContain('--allow-downgrade');
    expect(
      decideUpgrade(deriveTopology(back), running(back, NEW), {
        allowDowngrade: true,
        packageName: `DolphinDB_Linux64_V${OLD}.zip`,
      }),
    ).toMatchObject({ kind: 'upgrade', upgrade: { from: NEW, rolling: true } });
  });

  it('a package named for another version is refused', () => {
    const refused = decideUpgrade(deriveTopology(ha), running(ha, OLD), {
      ...options,
      packageName: `DolphinDB_Linux64_V${OLD}.zip`,
    });
    expect(refused).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining(`is version ${OLD}, not ${NEW}`),
    });
  });

  it('a licence that allows only older versions is refused; one without a limit is not', () => {
    const reading = { ...running(ha, OLD), licenceVersion: '2.00.11' };
    expect(decideUpgrade(deriveTopology(ha), reading, options)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('allows server versions up to 2.00.11'),
    });
    expect(decideUpgrade(deriveTopology(ha), { ...reading, licenceVersion: '' }, options)).toMatchObject({
      kind: 'upgrade',
    });
    expect(
      decideUpgrade(deriveTopology(ha), { ...reading, licenceVersion: '2.00.12' }, options),
    ).toMatchObject({
      kind: 'upgrade',
    });
  });
});

describe('the rolling plan', () => {
  const ha = topologyOf({ mode: 'ha' });
  const plan = upgradePlanOf(ha, { from: OLD, hosts: ['P1', 'P2', 'P3'], rolling: true });

  it('puts the new package on every host before anything stops', () => {
    const firstStop = index(plan, 'P1/stop-workers');
    for (const host of ['P1', 'P2', 'P3']) {
      expect(index(plan, `${host}/unpack`)).toBeLessThan(firstStop);
      expect(before(plan, 'P1/chunks-complete')).toContain(`${host}/unpack`);
    }
  });

  it('takes one server at a time in the documented order, the next only once no chunk is RECOVERING', () => {
    const turn = (h: string, n: number) => [
      `${h}/chunks-complete`,
      `${h}/stop-workers`,
      `stop/agent${n}`,
      `stop/controller${n}`,
      `${h}/backup-metadata`,
      `${h}/configure`,
      `start/controller${n}`,
      `${h}/elect`,
      `start/agent${n}`,
      `${h}/start-workers`,
      `${h}/chunks-recovered`,
    ];
    for (const [h, n] of [
      ['P1', 1],
      ['P2', 2],
      ['P3', 3],
    ] as const) {
      const ids = turn(h, n);
      for (let i = 1; i < ids.length; i++) expect(before(plan, ids[i] ?? '')).toContain(ids[i - 1]);
    }
    expect(before(plan, 'P2/chunks-complete')).toContain('P1/chunks-recovered');
    expect(before(plan, 'P3/chunks-complete')).toContain('P2/chunks-recovered');
    // Each turn stops only its own server's processes.
    const stopWorkers = plan.steps[index(plan, 'P2/stop-workers')]?.action;
    expect(stopWorkers?.type === 'stop-workers' && stopWorkers.workers.map((w) => w.host)).toEqual([
      'P2',
      'P2',
    ]);
  });

  it('backs up the metadata of the old version, and switches (writes files) only after it', () => {
    const backup = plan.steps[index(plan, 'P1/backup-metadata')];
    expect(backup?.action).toEqual({
      type: 'backup-metadata',
      version: OLD,
      dirs: [
        '/opt/dolphindb/ddb/nodes/controller1/dfsMeta',
        '/opt/dolphindb/ddb/nodes/datanode1/storage/CHUNK_METADATA',
      ],
    });
    expect(before(plan, 'P1/configure')).toContain('P1/backup-metadata');
    const files = plan.steps[index(plan, 'P1/configure')]?.action;
    const startScript =
      files?.type === 'write-files'
        ? files.files.find((f) => f.path.endsWith('controller1/start.sh'))
        : undefined;
    expect(startScript?.contents).toContain(`server_dir='/opt/dolphindb/ddb/server/${NEW}'`);
  });

  it('ends by checking the version everywhere, pnodeRun for data and compute nodes', () => {
    // Only the record of the applied topology on each host follows it (issue 14).
    const records = plan.steps.filter((step) => step.action.type === 'record-topology');
    expect(records.map((step) => [step.id, step.after])).toEqual(
      ['P1', 'P2', 'P3'].map((host) => [`${host}/record`, ['verify-version']]),
    );
    const last = plan.steps.at(-1 - records.length);
    expect(last?.id).toBe('verify-version');
    expect(last?.after).toEqual(['P3/chunks-recovered']);
    expect(last?.action).toMatchObject({
      type: 'verify-version',
      version: NEW,
    });
    const action = last?.action;
    expect(action?.type === 'verify-version' && [...action.workers].sort()).toEqual([
      'computenode1',
      'computenode2',
      'computenode3',
      'datanode1',
      'datanode2',
      'datanode3',
    ]);
    expect(action?.type === 'verify-version' && action.processes.map((p) => p.alias).sort()).toEqual([
      'agent1',
      'agent2',
      'agent3',
      'controller1',
      'controller2',
      'controller3',
    ]);
  });

  it("without server.license, carries the running version's licence into the new directory before any stop", () => {
    const carried = upgradePlanOf(ha, { from: OLD, hosts: ['P1', 'P2', 'P3'], rolling: true }, null);
    const step = carried.steps[index(carried, 'P2/license')];
    expect(step?.action).toEqual({
      type: 'carry-license',
      from: `/opt/dolphindb/ddb/server/${OLD}/dolphindb.lic`,
      target: `/opt/dolphindb/ddb/server/${NEW}/dolphindb.lic`,
    });
    expect(before(carried, 'P1/chunks-complete')).toContain('P3/license');
    expect(before(carried, 'start/controller2')).toContain('P2/license');
    // With server.license, that licence is installed instead.
    expect(plan.steps[index(plan, 'P2/license')]?.action.type).toBe('install-license');
  });

  it('rolls only the hosts named (an interrupted upgrade resumes where it stopped)', () => {
    const resumed = upgradePlanOf(ha, { from: OLD, hosts: ['P3'], rolling: true });
    expect(resumed.steps.some((s) => s.id.startsWith('P1/chunks'))).toBe(false);
    expect(resumed.steps.some((s) => s.id === 'stop/controller1')).toBe(false);
    expect(resumed.steps.some((s) => s.id === 'P3/chunks-complete')).toBe(true);
  });
});

describe('the stop-all plan', () => {
  const cluster = topologyOf({ mode: 'cluster' });
  const plan = upgradePlanOf(cluster, { from: OLD, hosts: ['P1', 'P2', 'P3'], rolling: false });

  it('stops nothing before every host has the new package, backs up after every stop, starts after the switch', () => {
    for (const host of ['P1', 'P2', 'P3']) expect(before(plan, 'stop-workers')).toContain(`${host}/unpack`);
    const stops = plan.steps.filter((s) => s.id.startsWith('stop'));
    for (const host of ['P1', 'P2', 'P3']) {
      for (const stop of stops) expect(before(plan, `${host}/backup-metadata`)).toContain(stop.id);
      expect(before(plan, `${host}/configure`)).toContain(`${host}/backup-metadata`);
    }
    expect(before(plan, 'start/controller1')).toContain('P1/configure');
    const verified = plan.steps.filter((step) => step.action.type !== 'record-topology').at(-1);
    expect(verified?.id).toBe('verify-version');
    expect(verified?.after).toEqual(['verify']);
  });
});
