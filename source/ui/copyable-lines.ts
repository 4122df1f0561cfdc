/**
 * `text` as lines of at most `width` columns for a view that shows a message whole (a failure's
 * fix, a log line): broken at spaces, never indented, and a command written in backticks
 * (`ss -ltnp 'sport = :8800'`) is never broken while it fits on a line of its own: it moves to the
 * next line instead, so that selecting it copies it whole. Only a word or command longer than a
 * whole line is cut, at the terminal's edge, as the terminal itself would wrap it.
 */
export function copyableLines(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const length = (value: string) => [...value].length;
  const lines: string[] = [];
  // undefined: nothing on the line yet. Runs of spaces are kept (empty units), except at a break.
  let line: string | undefined;
  for (const unit of units(text)) {
    const candidate = line === undefined ? unit : `${line} ${unit}`;
    if (length(candidate) <= room) {
      if (line !== undefined || unit !== '' || lines.length === 0) line = candidate;
      continue;
    }
    if (line !== undefined) lines.push(line.trimEnd());
    line = undefined;
    if (unit === '') continue;
    // Longer than a line: cut at the edge, a line at a time.
    let rest = [...unit];
    while (rest.length > room) {
      lines.push(rest.slice(0, room).join(''));
      rest = rest.slice(room);
    }
    line = rest.join('');
  }
  if (line !== undefined || lines.length === 0) lines.push(line ?? '');
  return lines;
}

/**
 * The text split at its spaces, except inside backticks: a command with what is glued to it
 * ("(`docker logs x`)," ) is one unit. Two spaces in a row leave an empty unit between them.
 */
function units(text: string): string[] {
  const found: string[] = [];
  let current = '';
  let inCommand = false;
  for (const char of text) {
    if (char === '`') inCommand = !inCommand;
    if (char === ' ' && !inCommand) {
      found.push(current);
      current = '';
    } else current += char;
  }
  found.push(current);
  return found;
}
