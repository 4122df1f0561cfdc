/**
 * The run journal: one append-only file per run, in a directory per deployment (name, servers and
 * directories), so two clusters with one name never share it, two processes never lose each
 * other's records, and a run cut short leaves every command it ran.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentIdentity } from '../../source/model/deployment-identity.js';
import { templateTopology } from '../../source/model/template-topology.js';
import type { Step } from '../../source/plan/plan.js';
import { Journal, journalDir, journalRuns } from '../../source/store/journal.js';
import { interruptionNotice, readRun } from '../../source/store/journal-read.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-setup-journal-'));
const saved = process.env['DDB_SETUP_CONFIG_DIR'];
beforeAll(() => {
  process.env['DDB_SETUP_CONFIG_DIR'] = dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env['DDB_SETUP_CONFIG_DIR'];
  else process.env['DDB_SETUP_CONFIG_DIR'] = saved;
  rmSync(dir, { recursive: true, force: true });
});

const lab = templateTopology({ mode: 'ha', addresses: ['10.0.0.80', '10.0.0.81', '10.0.0.82'] });
const step = (id: string, host: string | null, title: string) => ({ id, host, title }) as unknown as Step;
const at = (second: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, second));

describe('journal', () => {
  it('two clusters with the same name but other servers or directories have their own journals', () => {
    const other = templateTopology({ mode: 'ha', addresses: ['10.0.0.90', '10.0.0.91', '10.0.0.92'] });
    const moved = { ...lab, deployDir: '/data/ddb' };
    expect(other.name).toBe(lab.name);
    const keys = [lab, other, moved].map((t) => deploymentIdentity(t).key);
    expect(new Set(keys).size).toBe(3);
    // The same deployment written differently (hosts in another order) is the same journal.
    expect(deploymentIdentity({ ...lab, hosts: [...lab.hosts].reverse() }).key).toBe(keys[0]);
  });

  it('every command is on disk when recordCommand returns, before the command runs', () => {
    const journal = new Journal(lab, 'deploy', '/t/lab.yaml', at(0));
    journal.recordCommand('P2', 'mkdir -p /opt/dolphindb', at(1));
    expect(readRun(journal.path)?.commands).toEqual([
      { at: at(1).toISOString(), host: 'P2', command: 'mkdir -p /opt/dolphindb' },
    ]);
    expect(readRun(journal.path)?.end).toBe('running');
    return journal.finish({ ok: true }, at(2));
  });

  it('two runs writing at once both keep every record (no run rewrites another)', async () => {
    const first = new Journal(lab, 'deploy', '/t/lab.yaml', at(10));
    const second = new Journal(lab, 'check', '/t/lab.yaml', at(10));
    for (let i = 0; i < 50; i++) {
      first.recordCommand('P1', `first ${i}`, at(11));
      second.recordCommand('P2', `second ${i}`, at(11));
    }
    await second.finish({ ok: true }, at(12));
    await first.finish({ ok: false }, at(13));
    const runs = journalRuns(deploymentIdentity(lab)).filter((run) => run.startedAt === at(10).toISOString());
    expect(runs.map((run) => [run.command, run.end, run.commands.length]).sort()).toEqual([
      ['check', 'ok', 50],
      ['deploy', 'failed', 50],
    ]);
  });

  it('an aborted run is recorded as interrupted, and the next run says where', async () => {
    const journal = new Journal(lab, 'deploy', '/t/lab.yaml', at(20));
    journal.record({ type: 'step-started', step: step('P2/package', 'P2', 'transfer package') });
    journal.record({ type: 'step-started', step: step('P1/package', 'P1', 'transfer package') });
    journal.record({
      type: 'step-finished',
      step: step('P1/package', 'P1', 'transfer package'),
      outcome: 'done',
    });
    await journal.finish({ ok: false, aborted: true }, at(21));
    const next = new Journal(lab, 'deploy', '/t/lab.yaml', at(22));
    expect(next.previous.at(-1)?.end).toBe('interrupted');
    expect(interruptionNotice(next.previous, 'deploy')).toBe(
      'the last deploy (started 2026-12-04 10:00:20 UTC) was interrupted at transfer package on P2; continuing',
    );
    // Another command's interruption is not this command's.
    expect(interruptionNotice(next.previous, 'stop')).toBeUndefined();
    await next.finish({ ok: true }, at(23));
    expect(interruptionNotice(journalRuns(deploymentIdentity(lab)), 'deploy')).toBeUndefined();
  });

  it('a run whose process is gone without an end (kill -9) reads as interrupted, one still alive as running', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const head = (pid: number) =>
      `${JSON.stringify({ type: 'run', command: 'deploy', topologyFile: '/t/lab.yaml', startedAt: at(30).toISOString(), pid, machine: hostname(), deployment: deploymentIdentity(lab) })}\n`;
    const file = join(dir, 'killed.jsonl');
    writeFileSync(file, `${head(Number(gone.stdout))}{"type":"command","at":"x","host":"P1","comm`);
    const run = readRun(file);
    expect(run?.end).toBe('interrupted');
    // The line cut mid-write by the kill is skipped; the lines before it count.
    expect(run?.commands).toEqual([]);
    writeFileSync(file, head(process.pid));
    expect(readRun(file)?.end).toBe('running');
    // Started on another machine and never ended: this machine cannot see it, so interrupted.
    writeFileSync(file, head(process.pid).replace(hostname(), `${hostname()}-elsewhere`));
    expect(readRun(file)?.end).toBe('interrupted');
  });

  it('keeps the newest 20 runs of a deployment', async () => {
    const small = templateTopology({ mode: 'single', addresses: ['10.0.0.70'] });
    for (let i = 0; i < 23; i++)
      await new Journal(small, 'status', '/t/s.yaml', at(i)).finish({ ok: true }, at(i));
    const files = readdirSync(journalDir(deploymentIdentity(small)));
    expect(files).toHaveLength(20);
    expect(files.sort()[0]).toContain('10-00-03');
    expect(readFileSync(join(journalDir(deploymentIdentity(small)), files[0] ?? ''), 'utf8')).toContain(
      '"status"',
    );
  });
});
