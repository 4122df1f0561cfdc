import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { ActionOf } from '../../plan/plan.js';
import {
  copiedMarker,
  copyArchiveOf,
  copyTargetStateScript,
  fileListScript,
  packDirScript,
  partialCopyOf,
  placeCopyScript,
  readPieceScript,
  removeArchiveScript,
  removeStagedScript,
  runningScript,
  stagedCopyScript,
  unpackCopyScript,
} from '../../remote/change-scripts.js';
import { copyDelta } from '../copy-delta.js';
import { command } from '../../remote/shell.js';
import type { DeployContext } from '../deploy-context.js';
import type { StepResult } from '../events.js';
import type { Executor } from '../executor.js';
import { mustSucceed } from '../must-succeed.js';
import type { StepContext } from '../run-plan.js';
import { quickScriptMs } from '../script-limits.js';
import { StepError } from '../step-error.js';
import { uploadVerified } from '../upload-verified.js';
import type { Task } from './task.js';

/**
 * The executors' output is text (SSH sessions end in strings, and SFTP breaks on a chatty login
 * shell, remote-scripts.ts): the archive comes down base64-encoded, a piece per script.
 */
const pieceBytes = 4 << 20;
/** Pieces read at once: enough to keep the source host's CPU and the connection busy. */
const piecesAtOnce = 4;

type Side = { readonly host: string; readonly dir: string };

/**
 * Copies a moved controller's directory (Raft log, dfsMeta, config) from its old server to its
 * new one through this machine: tar on the source, down to a local file, up to the target with its
 * checksum checked, unpacked beside the target and compared file by file (sha256) with the source
 * before it takes the directory's name. The marker it leaves makes a resumed run keep the copy,
 * even after the controller has started there and changed its files.
 */
async function run(
  action: ActionOf<'copy-node-dir'>,
  step: StepContext,
  deploy: DeployContext,
): Promise<StepResult> {
  const { from, to } = action;
  const source = deploy.executor(from.host);
  const target = deploy.executor(to.host);
  const state = await quick(target, copyTargetStateScript(to.dir), step, `read ${to.dir} on ${to.host}`);
  const [first, ...marker] = state.split('\n');
  if (first === 'copied')
    return { outcome: 'unchanged', detail: `verified copy already there (${markerSource(marker)})` };
  if (first !== 'empty')
    throw new StepError(
      'command-failed',
      `${to.dir} on ${to.host} holds files ddb-setup did not copy there`,
      {
        fix: `look at ${to.dir} on ${to.host}: move it away (or remove it if it is not needed), then run the same command again; ddb-setup never overwrites it`,
      },
    );
  const seed = action.seed === true;
  const staged =
    (await quick(target, stagedCopyScript(to.dir), step, `read ${to.dir} on ${to.host}`)).trim() === 'yes';
  if (seed && staged) return { outcome: 'unchanged', detail: 'an early copy is there already' };
  const local = await mkdtemp(join(tmpdir(), 'ddb-setup-copy-'));
  try {
    // Over an early copy only what changed since travels; the rest is already there.
    const delta = staged ? await stagedDelta(action, source, target, step) : undefined;
    const packed = await pack(action, source, step, {
      live: seed,
      ...(delta ? { list: delta.listFile } : {}),
    });
    const archive = join(local, 'copy.tar');
    await download(source, copyArchiveOf(from.dir), archive, packed.size, packed.sha256, step);
    await quick(
      target,
      command('mkdir', '-p', posix.dirname(to.dir)),
      step,
      `create ${posix.dirname(to.dir)} on ${to.host}`,
    );
    step.output(`send ${packed.size} bytes to ${to.host}`);
    await uploadVerified(target, archive, copyArchiveOf(to.dir), packed.sha256, {
      ...step,
      progress: (done, _total, unit) => step.progress(packed.size + done, 2 * packed.size, unit),
    });
    await exec(
      target,
      unpackCopyScript(to.dir, !staged),
      step,
      `unpack ${copyArchiveOf(to.dir)} on ${to.host}`,
    );

    if (seed)
      return {
        outcome: 'done',
        detail: `early copy of ${packed.size} bytes while ${action.alias} runs; what changes until it stops is sent after`,
      };
    if (delta && delta.remove.length > 0) {
      const list = `${partialCopyOf(to.dir)}.remove`;
      await target.writeFiles([{ path: list, contents: `${delta.remove.join('\n')}\n`, mode: 0o600 }]);
      await exec(target, removeStagedScript(to.dir, list), step, `remove what is gone from ${from.dir}`);
    }
    const size = packed.size;
    // The source has stopped: its list, taken for the delta, still holds.
    const list = await verify(source, from, target, partialCopyOf(to.dir), step, delta?.sourceList);
    const listSha = createHash('sha256').update(list).digest('hex');
    const count = list.split('\n').filter(Boolean).length;
    await target.writeFiles([
      {
        path: `${partialCopyOf(to.dir)}/${copiedMarker}`,
        contents: `files-sha256 ${listSha}\nfiles ${count}\nfrom ${from.host}:${from.dir}\n`,
        mode: 0o644,
      },
    ]);
    await quick(target, placeCopyScript(to.dir), step, `put the copy in place as ${to.dir} on ${to.host}`);
    step.output(`${to.dir} on ${to.host}: ${count} files, the same as on ${from.host}`);
    return {
      outcome: 'done',
      detail: delta
        ? `${count} files verified; ${delta.send.length} changed since the early copy (${size} bytes) sent from ${from.host}`
        : `${count} files (${size} bytes) copied from ${from.host}, verified`,
    };
  } finally {
    await rm(local, { recursive: true, force: true });
    // Best effort: a host that went away keeps its archive until the next run replaces it.
    await Promise.allSettled([
      source.exec(removeArchiveScript(from.dir), { timeoutMs: quickScriptMs }),
      target.exec(removeArchiveScript(to.dir), { timeoutMs: quickScriptMs }),
    ]);
  }
}

type Packed = { readonly size: number; readonly sha256: string };

/** Packs the source directory (or the files of `list`) and reads its size and checksum. */
async function pack(
  action: ActionOf<'copy-node-dir'>,
  source: Executor,
  step: StepContext,
  options: { live: boolean; list?: string },
): Promise<Packed> {
  const { from } = action;
  step.output(`pack ${from.dir} on ${from.host}${options.live ? ` while ${action.alias} runs` : ''}`);
  const packed = await exec(
    source,
    packDirScript(from.dir, options),
    step,
    `pack ${from.dir} on ${from.host}`,
  );
  if (packed.trim() === 'absent')
    throw new StepError(
      'command-failed',
      `the state of ${action.alias} is missing on ${from.host}: ${from.dir} does not exist`,
      {
        fix: `${action.alias}'s Raft log and metadata must be copied from its old server: put ${from.dir} back on ${from.host} (from a backup), then run the same command again`,
      },
    );
  const running = /^running (\d+)$/.exec(packed.trim());
  if (running) throw stillRunning(action, running[1] ?? '');
  const [sizeText, sha256] = packed.trim().split('\n');
  const size = Number(sizeText?.trim());
  if (!Number.isSafeInteger(size) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256))
    throw new StepError('command-failed', `packing ${from.dir} on ${from.host} said: ${packed.trim()}`);
  return { size, sha256 };
}

function stillRunning(action: ActionOf<'copy-node-dir'>, pid: string): StepError {
  const { from } = action;
  return new StepError(
    'command-failed',
    `${action.alias} still runs from ${from.dir} on ${from.host} (pid ${pid})`,
    {
      fix: `stop it first (sh ${from.dir}/stop.sh on ${from.host}; the change stops the cluster before it copies), then run the same command again`,
    },
  );
}

/**
 * Over an early copy: the files to send again and to remove, from both sides' checksum lists, once
 * the source's process has stopped; the list to pack is written beside the source's archive.
 */
async function stagedDelta(
  action: ActionOf<'copy-node-dir'>,
  source: Executor,
  target: Executor,
  step: StepContext,
): Promise<{ send: string[]; remove: string[]; listFile: string; sourceList: string }> {
  const { from, to } = action;
  const running = (
    await quick(source, runningScript(from.dir), step, `read ${from.dir} on ${from.host}`)
  ).trim();
  const pid = /^running (\d+)$/.exec(running);
  if (pid) throw stillRunning(action, pid[1] ?? '');
  const [before, staged] = await Promise.all([
    exec(source, fileListScript(from.dir), step, `list ${from.dir} on ${from.host}`),
    exec(target, fileListScript(partialCopyOf(to.dir)), step, `list ${partialCopyOf(to.dir)} on ${to.host}`),
  ]);
  const delta = copyDelta(before, staged);
  const listFile = `${copyArchiveOf(from.dir)}.list`;
  await source.writeFiles([
    { path: listFile, contents: delta.send.map((path) => `${path}\n`).join(''), mode: 0o600 },
  ]);
  step.output(`${delta.send.length} file(s) changed since the early copy, ${delta.remove.length} gone`);
  return { ...delta, listFile, sourceList: before };
}

/** Brings the archive down piece by piece into `localPath`, then checks its sha256. */
async function download(
  source: Executor,
  remotePath: string,
  localPath: string,
  size: number,
  sha256: string,
  step: StepContext,
): Promise<void> {
  step.output(`fetch ${size} bytes from ${source.host}`);
  const hash = createHash('sha256');
  const file = await open(localPath, 'w', 0o600);
  // Pieces are read a few at a time (each its own remote command; encoding them is the host's
  // CPU, not the network) and written in order, so the file and its hash grow sequentially.
  const count = Math.ceil(size / pieceBytes);
  const read = (index: number) =>
    quick(source, readPieceScript(remotePath, index, pieceBytes), step, `read ${remotePath}`);
  const window: Promise<string>[] = [];
  for (let index = 0; index < Math.min(piecesAtOnce, count); index++) window.push(read(index));
  // A rejected read still in the window when another fails first must not go unhandled.
  for (const pending of window) pending.catch(() => undefined);
  try {
    let done = 0;
    for (let index = 0; index < count; index++) {
      const text = await (window[index % piecesAtOnce] as Promise<string>);
      const next = index + piecesAtOnce;
      if (next < count) {
        const reading = read(next);
        reading.catch(() => undefined);
        window[index % piecesAtOnce] = reading;
      }
      const piece = Buffer.from(text.replace(/\s+/g, ''), 'base64');
      if (piece.length !== Math.min(pieceBytes, size - done))
        throw new StepError(
          'command-failed',
          `reading ${remotePath} on ${source.host} came short at byte ${done}`,
          {
            fix: 'run the same command again; if it repeats, check the disk of that host',
          },
        );
      hash.update(piece);
      await file.write(piece);
      done += piece.length;
      step.progress(done, 2 * size, 'bytes');
    }
  } finally {
    await file.close();
  }
  if (hash.digest('hex') !== sha256)
    throw new StepError(
      'command-failed',
      `${remotePath} from ${source.host} arrived damaged (checksum differs)`,
      {
        fix: 'run the same command again; if it repeats, check the network and disk of that host',
      },
    );
}

/** Compares the sha256 of every file on both sides; returns the (identical) list. */
async function verify(
  source: Executor,
  from: Side,
  target: Executor,
  copy: string,
  step: StepContext,
  sourceList?: string,
): Promise<string> {
  const [before, after] = await Promise.all([
    sourceList ?? exec(source, fileListScript(from.dir), step, `list ${from.dir} on ${from.host}`),
    exec(target, fileListScript(copy), step, `list ${copy} on ${target.host}`),
  ]);
  if (before === after) return before;
  const left = new Set(after.split('\n'));
  const differing = before
    .split('\n')
    .filter((line) => line && !left.has(line))
    .map((line) => line.slice(66));
  throw new StepError(
    'command-failed',
    `the copy in ${copy} on ${target.host} differs from ${from.dir} on ${from.host}${differing.length > 0 ? `: ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ', …' : ''}` : ''}`,
    {
      fix: `make sure nothing runs from ${from.dir} on ${from.host} (the cluster must be stopped), then run the same command again: the copy is made again`,
    },
  );
}

/** What the marker says about where the copy came from. */
function markerSource(lines: readonly string[]): string {
  const from = lines.find((line) => line.startsWith('from '));
  return from ?? 'source not recorded';
}

async function exec(executor: Executor, script: string, step: StepContext, what: string): Promise<string> {
  const result = await executor.exec(script, { signal: step.signal });
  mustSucceed(result, what);
  return result.stdout;
}

async function quick(executor: Executor, script: string, step: StepContext, what: string): Promise<string> {
  const result = await executor.exec(script, { signal: step.signal, timeoutMs: quickScriptMs });
  mustSucceed(result, what);
  return result.stdout;
}

function describe({ alias, from, to, seed }: ActionOf<'copy-node-dir'>): string[] {
  const piece = readPieceScript(copyArchiveOf(from.dir), 0, pieceBytes).replace('skip=0', 'skip=<n>');
  const transfer = (live: boolean, list?: string) => [
    `# on ${from.host} (the directory is only read):`,
    packDirScript(from.dir, { live, ...(list ? { list } : {}) }),
    `# on ${from.host}, each ${pieceBytes >> 20} MiB piece (${piecesAtOnce} at once) into a temporary file on this machine, its sha256 checked:`,
    piece,
    `# on ${to.host}:`,
    command('mkdir', '-p', posix.dirname(to.dir)),
    `upload the local file to ${copyArchiveOf(to.dir)} on ${to.host} (sha256 checked)`,
  ];
  if (seed)
    return [
      `# an early copy of ${alias}'s directory from ${from.host} to ${to.host} while it runs (not verified: the copy after it stops is), kept when there`,
      copyTargetStateScript(to.dir),
      stagedCopyScript(to.dir),
      ...transfer(true),
      unpackCopyScript(to.dir),
    ];
  const list = `${copyArchiveOf(from.dir)}.list`;
  return [
    `# ${alias}'s directory from ${from.host} to ${to.host}, through this machine; kept when ${to.dir}/${copiedMarker} is there, refused when ${to.dir} holds other files`,
    `# on ${to.host}:`,
    copyTargetStateScript(to.dir),
    stagedCopyScript(to.dir),
    `# with an early copy there: ${alias} must have stopped, then only the files whose sha256 differ travel (listed in ${list}), and those gone are removed from it`,
    runningScript(from.dir),
    ...transfer(false, list),
    unpackCopyScript(to.dir, false),
    removeStagedScript(to.dir, `${partialCopyOf(to.dir)}.remove`),
    `# without one: the whole directory`,
    ...transfer(false),
    unpackCopyScript(to.dir),
    `# on ${from.host} and ${to.host}, the two lists must be identical:`,
    fileListScript(from.dir),
    fileListScript(partialCopyOf(to.dir)),
    `write ${partialCopyOf(to.dir)}/${copiedMarker} on ${to.host} (the list's sha256, the source)`,
    placeCopyScript(to.dir),
    `# afterwards, on ${from.host} and ${to.host}:`,
    removeArchiveScript(from.dir),
    removeArchiveScript(to.dir),
  ];
}

export const copyNodeDir: Task<'copy-node-dir'> = { describe, run };
