/**
 * What a copy made while the process still ran lacks: from the `<sha256>  ./<path>` lists of the
 * source (now stopped) and of that early copy (remote/change-scripts.ts fileListScript), the files
 * to send again (new or changed) and the files to remove (gone from the source). Pure.
 */
export function copyDelta(source: string, staged: string): { send: string[]; remove: string[] } {
  const lines = (text: string) => text.split('\n').filter((line) => line.length > 66);
  const pathOf = (line: string) => line.slice(66);
  const stagedLines = new Set(lines(staged));
  const sourcePaths = new Set(lines(source).map(pathOf));
  return {
    send: lines(source)
      .filter((line) => !stagedLines.has(line))
      .map(pathOf),
    remove: [...stagedLines].map(pathOf).filter((path) => !sourcePaths.has(path)),
  };
}
