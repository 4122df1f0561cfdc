import type { Redaction } from './redact.js';

/** What the manifest says about one host. */
export type ManifestHost =
  | { readonly host: string; readonly reached: false; readonly reason: string; readonly fix: string | null }
  | {
      readonly host: string;
      readonly reached: true;
      readonly clockOffsetMs?: number | undefined;
      readonly clockMarginMs?: number | undefined;
      readonly problem?: string | undefined;
    };

/** A node that is not up, with what its log says when it shows a documented start failure. */
export type ManifestNode = {
  readonly alias: string;
  readonly host: string;
  readonly state: string;
  readonly reason: string | null;
  readonly diagnosis?: { readonly cause: string; readonly fix: string; readonly log: string } | undefined;
};

/** A file ddb-setup wrote that is not on the host as written. */
export type ManifestDrift = {
  readonly host: string;
  readonly path: string;
  /** The diff's path in the bundle; or the file is not on the host, or the SSH user cannot read it. */
  readonly diff: string | 'missing' | 'unreadable';
};

export type ManifestInput = {
  readonly cluster: string;
  readonly mode: string;
  readonly collectedAt: Date;
  readonly toolVersion: string;
  /** The bundle's top directory: every path in the manifest is inside it. */
  readonly root: string;
  readonly hosts: readonly ManifestHost[];
  readonly nodesNotUp: readonly ManifestNode[];
  readonly drift: readonly ManifestDrift[];
  /** Every file in the bundle (the manifest's own path included), with its size. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly redactions: readonly Redaction[];
};

/**
 * The manifest (MANIFEST.txt, also printed before the bundle's path): the hosts reached and not,
 * the nodes not up with their diagnosis, config drift, every file in the bundle and every secret
 * removed (file, line, kind), so the user sees what they send before sending it. Pure.
 */
export function manifestText(input: ManifestInput): string {
  const at = input.collectedAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const lines = [
    `ddb-setup support bundle: cluster ${input.cluster} (${input.mode}), collected ${at} by ddb-setup ${input.toolVersion}`,
    'Read-only: nothing was changed on any host. Secrets were removed before anything was written (listed at the end).',
    '',
    'hosts:',
    ...input.hosts.flatMap((host) =>
      host.reached
        ? [
            `  ✓ ${host.host} reached${clock(host)}`,
            ...(host.problem ? [`      incomplete: ${host.problem}`] : []),
          ]
        : [`  ✗ ${host.host} NOT REACHED: ${host.reason}`, ...(host.fix ? [`      fix: ${host.fix}`] : [])],
    ),
    '',
    input.nodesNotUp.length === 0 ? 'nodes not up: none' : 'nodes not up:',
    ...input.nodesNotUp.flatMap((node) => [
      `  ${node.alias} on ${node.host}: ${node.state}${node.reason ? ` (${node.reason})` : ''}`,
      ...(node.diagnosis
        ? [
            `      diagnosis: ${node.diagnosis.cause}`,
            `      fix: ${node.diagnosis.fix}`,
            `      log: ${node.diagnosis.log}`,
          ]
        : []),
    ]),
    '',
    input.drift.length === 0
      ? 'config drift: none (every file ddb-setup wrote is on the reached hosts as written)'
      : 'config drift (on the host, not as ddb-setup writes it):',
    ...input.drift.map(
      (d) =>
        `  ${d.host} ${d.path}: ${
          d.diff === 'missing'
            ? 'missing on the host'
            : d.diff === 'unreadable'
              ? 'not readable by the SSH user (and no passwordless sudo): not compared'
              : `diff in ${d.diff}`
        }`,
    ),
    '',
    `files (${input.files.length}, ${size(input.files.reduce((sum, f) => sum + f.bytes, 0))}), in ${input.root}/:`,
    ...input.files.map((file) => `  ${file.path}  ${size(file.bytes)}`),
    '',
    input.redactions.length === 0
      ? 'redacted: nothing found to redact'
      : `redacted (${input.redactions.length}):`,
    ...input.redactions.map(
      (r) => `  ${r.file}:${r.line}${r.toLine !== undefined ? `-${r.toLine}` : ''}  ${r.kind}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function clock(host: Extract<ManifestHost, { reached: true }>): string {
  if (host.clockOffsetMs === undefined) return '';
  const sign = host.clockOffsetMs >= 0 ? '+' : '';
  return `, clock ${sign}${host.clockOffsetMs} ms from this machine's (±${host.clockMarginMs ?? 0} ms)`;
}

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
