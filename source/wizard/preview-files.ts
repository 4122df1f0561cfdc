import { loadTopology } from '../model/parse-topology.js';
import { plural } from '../model/plural.js';
import type { Topology } from '../model/topology.js';
import { writeTopology } from '../model/write-topology.js';
import type { RenderedFile } from '../render/render-files.js';
import type { Assessment, Finding } from './wizard-selectors.js';

/** One file of the Preview screen, with the findings that point at its lines. */
export type PreviewFile = {
  /** `topology` for the topology file, else the host name. */
  readonly host: string;
  readonly kind: string;
  readonly path: string;
  readonly lines: readonly string[];
  /** Findings by 0-based line index; findings with no line are shown above the file. */
  readonly notes: ReadonlyMap<number, readonly Finding[]>;
};

/**
 * The topology file as it will be saved (every finding placed on the line of its field), then every
 * rendered file in host and node order. Pure.
 */
export function previewFiles(
  topology: Topology,
  findings: readonly Finding[],
  rendered: readonly RenderedFile[],
  topologyPath: string,
): PreviewFile[] {
  const text = writeTopology(topology);
  const loaded = loadTopology(text);
  const notes = new Map<number, Finding[]>();
  for (const finding of findings) {
    if (finding.path === '') continue;
    const line = (loaded.locate(finding.path)?.line ?? 0) - 1;
    if (line < 0) continue;
    notes.set(line, [...(notes.get(line) ?? []), finding]);
  }
  return [
    { host: 'topology', kind: 'topology file', path: topologyPath, lines: text.trimEnd().split('\n'), notes },
    ...rendered.map((file) => ({
      host: file.host,
      kind: file.kind,
      path: file.path,
      lines: file.contents.trimEnd().split('\n'),
      notes: new Map<number, Finding[]>(),
    })),
  ];
}

/** How a line is highlighted: comments dimmed, `key=value` and `key:` keys in the accent colour. */
export type LineParts = { readonly comment?: string; readonly key?: string; readonly rest: string };

/** Splits a line of a config file, script or YAML file for highlighting. */
export function highlightLine(line: string): LineParts {
  if (/^\s*#/.test(line)) return { comment: line, rest: '' };
  const match = /^(\s*-?\s*)([A-Za-z_][\w.%?<>-]*)(\s*[=:])(.*)$/.exec(line);
  if (!match) return { rest: line };
  return { key: `${match[1] ?? ''}${match[2] ?? ''}`, rest: `${match[3] ?? ''}${match[4] ?? ''}` };
}

/** What the Preview screen shows: the files, every finding, and a one-line summary. */
export type PreviewModel = {
  readonly files: readonly PreviewFile[];
  readonly findings: readonly Finding[];
  readonly summary: string;
};

/**
 * The Preview screen's content. Files are rendered only when the topology has no errors (rendering
 * assumes a valid topology); the topology file is always shown, with the findings on its lines.
 */
export function previewModel(
  assessment: Assessment,
  render: (topology: Topology) => readonly RenderedFile[],
  topologyPath: string,
  openedFrom: string | undefined,
): PreviewModel {
  const { topology, findings } = assessment;
  if (!topology)
    return {
      files: [],
      findings,
      summary: 'The answers do not make a topology yet: go back (Esc) and fix the marked fields.',
    };
  let rendered: readonly RenderedFile[] = [];
  let renderError = '';
  if (!findings.some((finding) => finding.level === 'error'))
    try {
      rendered = render(topology);
    } catch (error) {
      renderError = ` · cannot render: ${(error as Error).message}`;
    }
  const source = openedFrom ? `opened from ${openedFrom}, unchanged` : 'built from your answers';
  return {
    files: previewFiles(topology, findings, rendered, topologyPath),
    findings,
    summary: `Cluster ${topology.name} · ${topology.mode} · DolphinDB ${topology.server.version} · ${plural(topology.hosts.length, 'host')} · ${plural(topology.nodes.length, 'process', 'processes')} · ${source}${renderError}`,
  };
}

/** Where a file opens: a few lines above its first error (else warning), so the cause is in view. */
export function firstNote(file: PreviewFile | undefined): number {
  const lines = [...(file?.notes ?? new Map<number, readonly Finding[]>())].sort(([a], [b]) => a - b);
  const target = lines.find(([, notes]) => notes.some((note) => note.level === 'error')) ?? lines[0];
  return target ? Math.max(0, target[0] - 3) : 0;
}

/** Screen names for "fix it on …" hints. */
export const stepNames: Record<string, string> = {
  hosts: 'Hosts',
  layout: 'Layout',
  options: 'Options',
  mode: 'Mode',
};
