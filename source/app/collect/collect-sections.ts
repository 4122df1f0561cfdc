/** One part of the collect script's output (remote/collect-scripts.ts). */
export type CollectSection = {
  readonly kind: 'system' | 'file' | 'missing' | 'unreadable' | 'log';
  /** The system part's title, or the file's absolute path on the host. */
  readonly name: string;
  readonly text: string;
};

/**
 * Splits the collect script's output at its header lines (`<marker> <kind> <name>`). Each section
 * is followed by the newline of an `echo`, which is taken off, so a file's text is exactly what
 * is on the host. A script cut short still yields the sections before the cut.
 */
export function parseSections(output: string, marker: string): CollectSection[] {
  const sections: CollectSection[] = [];
  const header = `\n${marker} `;
  let at = output.indexOf(header);
  while (at !== -1) {
    const lineEnd = output.indexOf('\n', at + 1);
    const line = output.slice(at + header.length, lineEnd === -1 ? undefined : lineEnd);
    const next = lineEnd === -1 ? -1 : output.indexOf(header, lineEnd);
    const body = lineEnd === -1 ? '' : output.slice(lineEnd + 1, next === -1 ? undefined : next + 1);
    const space = line.indexOf(' ');
    const kind = line.slice(0, space);
    if (kind === 'system' || kind === 'file' || kind === 'missing' || kind === 'unreadable' || kind === 'log')
      sections.push({
        kind,
        name: line.slice(space + 1),
        text: body.endsWith('\n') ? body.slice(0, -1) : body,
      });
    at = next;
  }
  return sections;
}
