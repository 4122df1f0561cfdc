/** Kinds of file a deployment writes; the first five are DolphinDB's own (spec: render). */
export type FileKind =
  | 'dolphindb.cfg'
  | 'controller.cfg'
  | 'agent.cfg'
  | 'cluster.nodes'
  | 'cluster.cfg'
  | 'start.sh'
  | 'stop.sh'
  | 'container.sh'
  | 'network.sh';

/** One file as it will be written on a host. */
export type RenderedFile = {
  readonly host: string;
  /** The process the file belongs to, or null for a host-wide file. */
  readonly node: string | null;
  readonly kind: FileKind;
  /** Absolute path on the host. */
  readonly path: string;
  readonly contents: string;
  /** Permission bits: scripts are executable. */
  readonly fileMode: number;
};

/** Everything a renderer needs besides the topology. */
export type RenderContext = {
  readonly templates: ReadonlyMap<string, string>;
  /** ddb-setup's version, for script headers. */
  readonly toolVersion: string;
};

/** Looks up a template, failing loudly when the package is incomplete. */
export function template(context: RenderContext, name: string): string {
  const text = context.templates.get(name);
  if (text === undefined) throw new Error(`ddb-setup: template ${name} is missing from templates/`);
  return text;
}
