/**
 * How many terminal lines `text` takes when Ink wraps it at `width` columns. Screens that budget
 * their height use it for the messages they show whole; counting one line for such a message let
 * the frame outgrow the terminal, which scrolls and leaves old lines behind.
 *
 * It follows the algorithm of wrap-ansi as Ink calls it (`hard: true, trim: false`): words move to
 * the next line when they do not fit, a space is kept before each word, and a word longer than a
 * line is broken, starting on the current line when that saves a line. Every character counts as
 * one column (wide CJK characters are not told apart).
 */
export function wrappedLines(text: string, width: number): number {
  if (width < 1) return 1;
  return text.split('\n').reduce((sum, line) => sum + lineRows(line, width), 0);
}

function lineRows(line: string, width: number): number {
  const rows = [0];
  const last = () => rows[rows.length - 1] ?? 0;
  const setLast = (value: number) => (rows[rows.length - 1] = value);
  line.split(' ').forEach((word, index) => {
    const length = [...word].length;
    if (index !== 0) {
      if (last() >= width) rows.push(0);
      setLast(last() + 1);
    }
    if (length > width) {
      const remaining = width - last();
      const breaksStartingThisLine = 1 + Math.floor((length - remaining - 1) / width);
      const breaksStartingNextLine = Math.floor((length - 1) / width);
      if (breaksStartingNextLine < breaksStartingThisLine) rows.push(0);
      breakWord(rows, length, width);
      return;
    }
    if (last() + length > width && last() > 0 && length > 0) rows.push(0);
    setLast(last() + length);
  });
  return rows.length;
}

/** Appends a word of `length` characters, a line at a time, as wrap-ansi's wrapWord does. */
function breakWord(rows: number[], length: number, width: number): void {
  let visible = rows[rows.length - 1] ?? 0;
  for (let index = 0; index < length; index++) {
    if (visible + 1 <= width) rows[rows.length - 1] = visible + 1;
    else {
      rows.push(1);
      visible = 0;
    }
    visible++;
    if (visible === width && index < length - 1) {
      rows.push(0);
      visible = 0;
    }
  }
}

/**
 * `text` as lines of at most `width` columns, broken at spaces (a longer word is cut), each line
 * after the first starting with `indent`: for lists that scroll by line and print each line cut to
 * the width, so that what is counted is what is shown.
 */
export function wrapToLines(text: string, width: number, indent = ''): string[] {
  // Leading spaces belong to the first line; runs of spaces inside are kept where no line breaks.
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  const room = () => Math.max(1, width - (lines.length === 0 ? 0 : [...indent].length));
  const fresh = () => line === '' || (lines.length === 0 && line === lead);
  for (const word of text.slice(lead.length).split(' ')) {
    if (word === '') {
      if (!fresh() && [...line].length + 1 <= room()) line += ' ';
      continue;
    }
    let rest = word;
    while (rest !== '') {
      const candidate = fresh() ? `${line}${rest}` : `${line} ${rest}`;
      if ([...candidate].length <= room()) {
        line = candidate;
        rest = '';
      } else if (!fresh()) {
        lines.push(line.trimEnd());
        line = '';
      } else {
        // A word longer than a whole line: cut it.
        const chars = [...rest];
        const fits = Math.max(1, room() - [...line].length);
        lines.push(line + chars.slice(0, fits).join(''));
        line = '';
        rest = chars.slice(fits).join('');
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : `${indent}${text}`));
}
