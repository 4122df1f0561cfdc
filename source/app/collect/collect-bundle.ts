import { statusJson } from '../status-json.js';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hostExpectations } from '../../checks/host-expectations.js';
import { diagnoseLog } from '../../deploy/diagnose-log.js';
import type { Executor } from '../../deploy/executor.js';
import type { NodeAccess } from '../../deploy/node-api/node-session.js';
import { deploymentIdentity } from '../../model/deployment-identity.js';
import type { Topology } from '../../model/topology.js';
import type { Plan } from '../../plan/plan.js';
import { journalDir, journalRuns } from '../../store/journal.js';
import { clusterStatus } from '../cluster-status.js';
import { swarmMembership } from '../swarm-membership.js';
import { collectHost, factsSummary, type HostCollected } from './collect-host.js';
import { manifestText, type ManifestDrift, type ManifestNode } from './manifest.js';
import { redact, type Redaction } from './redact.js';
import type { ArchiveEntry } from './tar-gz.js';
import { unifiedDiff } from './unified-diff.js';

/** A file ddb-setup writes on a host, with the text it writes. */
type Written = { readonly host: string; readonly path: string; readonly contents: string };

export type CollectInput = {
  readonly topology: Topology;
  /** The deploy plan: its write-files and install-license steps are the files ddb-setup writes. */
  readonly plan: Plan;
  readonly topologyText: string;
  readonly executors: ReadonlyMap<string, Executor>;
  readonly access: NodeAccess;
  readonly signal: AbortSignal;
  readonly now: () => Date;
  readonly toolVersion: string;
  /** Strings known to be secret (an SSH or admin password in memory): removed wherever they appear. */
  readonly secrets: readonly string[];
};

export type Bundle = {
  /** The directory every entry sits in, named for the cluster and the time. */
  readonly root: string;
  readonly entries: readonly ArchiveEntry[];
  readonly manifest: string;
  readonly unreachable: readonly string[];
};

/** The newest part of the local journal kept per run file: old runs matter less than the last. */
const journalBytes = 1024 * 1024;

/**
 * The support bundle of a deployment: for every host at once and read-only, its system, the files
 * ddb-setup wrote (and the host's copy with a diff where it differs), the node logs' tails with each
 * failed node's diagnosis; `status` as JSON; versions; the local journal. Every text passes through
 * redact() before it becomes an entry. A host that cannot be reached is named, not fatal.
 */
export async function collectBundle(input: CollectInput): Promise<Bundle> {
  const { topology } = input;
  const collectedAt = input.now();
  const root = `ddb-setup-collect-${topology.name}-${collectedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`;
  const written = writtenFiles(input.plan);
  const transfer = input.plan.steps.find((step) => step.action.type === 'transfer-package')?.action;
  // The probe looks for this archive's leftovers; swarm has no package, and its probe ignores it.
  const fileName = transfer?.type === 'transfer-package' ? basename(transfer.archive) : 'package.zip';
  const expectations = hostExpectations(topology, { kind: 'file', fileName, bytes: undefined });
  const [hosts, status, swarm] = await Promise.all([
    Promise.all(
      expectations.map((expect) =>
        collectHost(
          input.access.executor(expect.host),
          expect,
          written.filter((file) => file.host === expect.host).map((file) => file.path),
          { signal: input.signal, now: () => input.now().getTime(), docker: expect.swarm !== undefined },
        ),
      ),
    ),
    clusterStatus(topology, input.access, input.signal),
    topology.swarm ? swarmMembership(topology, input.executors, input.signal) : undefined,
  ]);

  const entries: ArchiveEntry[] = [];
  const redactions: Redaction[] = [];
  const add = (path: string, text: string) => {
    const clean = redact(path, text, input.secrets);
    entries.push({ path: `${root}/${path}`, contents: clean.text });
    redactions.push(...clean.redactions);
  };
  add('status.json', `${JSON.stringify(statusJson(topology, { status, swarm }), null, 2)}\n`);
  add(
    'versions.json',
    `${JSON.stringify(
      {
        ddbSetup: input.toolVersion,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        server: topology.server.version,
      },
      null,
      2,
    )}\n`,
  );
  add('topology.yaml', input.topologyText);

  const drift: ManifestDrift[] = [];
  const logs = new Map<string, { host: string; bundlePath: string; text: string }>();
  for (const host of hosts) {
    if (!host.reached) continue;
    const dir = `hosts/${host.host}`;
    add(`${dir}/facts.json`, `${JSON.stringify(factsSummary(host), null, 2)}\n`);
    add(
      `${dir}/system.txt`,
      host.sections
        .filter((s) => s.kind === 'system')
        .map((s) => `== ${s.name} ==\n${s.text.trimEnd()}\n`)
        .join('\n'),
    );
    for (const file of written.filter((w) => w.host === host.host)) {
      add(`${dir}/written${file.path}`, file.contents);
      const onHost = host.sections.find(
        (s) => s.kind !== 'system' && s.kind !== 'log' && s.name === file.path,
      );
      if (!onHost) continue; // the script was cut short before this file: the manifest says so
      if (onHost.kind === 'missing' || onHost.kind === 'unreadable') {
        drift.push({ host: host.host, path: file.path, diff: onHost.kind });
        continue;
      }
      if (onHost.text === file.contents) continue;
      add(`${dir}/on-disk${file.path}`, onHost.text);
      // Diffed after redaction, so a diff never shows what the files themselves do not.
      const diff = unifiedDiff(
        redact(file.path, file.contents, input.secrets).text,
        redact(file.path, onHost.text, input.secrets).text,
        { from: `written${file.path}`, to: `on-disk${file.path}` },
      );
      const diffPath = `${dir}/drift${file.path}.diff`;
      add(diffPath, diff);
      drift.push({ host: host.host, path: file.path, diff: diffPath });
    }
    for (const section of host.sections.filter((s) => s.kind === 'log')) {
      const name = basename(section.name);
      const bundlePath = `${dir}/logs/${logs.has(`${host.host}/${name}`) ? section.name.replace(/^\/+/, '') : name}`;
      logs.set(`${host.host}/${name}`, { host: host.host, bundlePath, text: section.text });
      add(bundlePath, section.text);
    }
  }

  const nodesNotUp = status.nodes
    .filter((node) => node.state !== 'up')
    .map((node): ManifestNode => {
      const log = logs.get(`${node.host}/${node.alias}.log`);
      const out = logs.get(`${node.host}/${node.alias}.out`);
      // As deploy reads a failed start: the log's last 30 lines and the console output's last 10.
      const diagnosis = diagnoseLog([...lastLines(log?.text, 30), ...lastLines(out?.text, 10)]);
      return {
        alias: node.alias,
        host: node.host,
        state: node.state,
        // A host's reason is said once, under hosts, not on each of its nodes.
        reason: node.source === 'host' ? 'its host was not reached' : node.reason,
        ...(diagnosis && log ? { diagnosis: { ...diagnosis, log: log.bundlePath } } : {}),
      };
    });
  add('diagnoses.json', `${JSON.stringify(nodesNotUp, null, 2)}\n`);
  addJournal(topology, add);

  const manifestHosts = hosts.map((host) =>
    host.reached
      ? {
          host: host.host,
          reached: true as const,
          clockOffsetMs: host.clockOffsetMs,
          clockMarginMs: host.clockMarginMs,
          problem: problemOf(host, written),
        }
      : host,
  );
  const manifestPath = `${root}/MANIFEST.txt`;
  const manifestFor = (manifestBytes: number) =>
    manifestText({
      cluster: topology.name,
      mode: topology.mode,
      collectedAt,
      toolVersion: input.toolVersion,
      hosts: manifestHosts,
      nodesNotUp,
      drift,
      root,
      files: [
        { path: 'MANIFEST.txt', bytes: manifestBytes },
        ...entries.map((e) => ({
          path: e.path.slice(root.length + 1),
          bytes: Buffer.byteLength(e.contents),
        })),
      ],
      redactions,
    });
  // The manifest lists its own size: measured once, then written with it.
  const manifest = manifestFor(Buffer.byteLength(manifestFor(0)));
  return {
    root,
    entries: [{ path: manifestPath, contents: manifest }, ...entries],
    manifest,
    unreachable: hosts
      .filter((h): h is Extract<HostCollected, { reached: false }> => !h.reached)
      .map((h) => h.host),
  };
}

/** The files the deploy plan writes: rendered configs and scripts, and the licence it installs. */
function writtenFiles(plan: Plan): Written[] {
  return plan.steps.flatMap((step): Written[] => {
    const action = step.action;
    if (action.type === 'write-files')
      return action.files.map((file) => ({ host: file.host, path: file.path, contents: file.contents }));
    if (action.type === 'install-license' && step.host !== null) {
      let contents: string;
      try {
        contents = readFileSync(action.localPath, 'utf8');
      } catch {
        return [];
      }
      return [{ host: step.host, path: action.target, contents }];
    }
    return [];
  });
}

function lastLines(text: string | undefined, count: number): string[] {
  return (text ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count);
}

/** The local journal of this deployment: each run file (its newest MB) and one line per run. */
function addJournal(topology: Topology, add: (path: string, text: string) => void): void {
  const identity = deploymentIdentity(topology);
  const dir = journalDir(identity);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    // No journal yet: this deployment was never run from this machine.
  }
  for (const name of names.sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    // Cut at a line start, so the first kept record is whole.
    const kept =
      text.length <= journalBytes ? text : text.slice(text.indexOf('\n', text.length - journalBytes) + 1);
    add(`journal/${name}`, kept);
  }
  const runs = journalRuns(identity).map(
    (run) => `${run.startedAt}  ${run.command}  ${run.end}  ${run.machine}  ${run.topologyFile}`,
  );
  add(
    'journal/runs.txt',
    runs.length > 0 ? `${runs.join('\n')}\n` : `no runs of ${identity.key} recorded on this machine\n`,
  );
}

/** What of a reached host is missing from the bundle: a script cut short, logs it could not read. */
function problemOf(
  host: Extract<HostCollected, { reached: true }>,
  written: readonly Written[],
): string | undefined {
  const ours = new Set(written.map((file) => file.path));
  const logs = host.sections.filter((s) => s.kind === 'unreadable' && !ours.has(s.name)).map((s) => s.name);
  const parts = [
    ...(host.problem ? [host.problem] : []),
    ...(logs.length > 0
      ? [`not readable by the SSH user (and no passwordless sudo): ${logs.join(', ')}`]
      : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}
