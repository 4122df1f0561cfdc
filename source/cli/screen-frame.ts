/**
 * Drawing one frame of text over the last one on a terminal, for `status --watch`: plain ANSI, no
 * UI library (a frame is a few dozen lines of text printed every few seconds). The frame is drawn
 * on the alternate screen from its top-left corner and cut to the terminal's size, so nothing ever
 * scrolls, however long the table or narrow the window; on exit the normal screen comes back.
 */

const esc = '\u001B[';
/** SGR sequences (colours) take no room on the screen. */
// eslint-disable-next-line no-control-regex -- ESC is what an SGR sequence starts with
const sgr = /\u001B\[[0-9;]*m/g;

/** Switches to the alternate screen and hides the cursor (undone by leaveScreen). */
export const enterScreen = `${esc}?1049h${esc}?25l`;
/** Shows the cursor and goes back to the normal screen, as it was before enterScreen. */
export const leaveScreen = `${esc}?25h${esc}?1049l`;

/** How many columns a line takes on the screen. */
export function visibleWidth(line: string): number {
  return [...line.replace(sgr, '')].length;
}

/**
 * The lines of `text` cut to the screen: each line to `columns` (colour kept, and reset where it
 * was cut), and at most `rows` lines, the last of them saying how many did not fit.
 */
export function fitFrame(text: string, columns: number, rows: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  const width = Math.max(1, columns);
  const height = Math.max(1, rows);
  const fitted =
    lines.length <= height
      ? lines
      : [
          ...lines.slice(0, height - 1),
          `… ${lines.length - height + 1} more lines: a taller window shows them`,
        ];
  return fitted.map((line) => cutLine(line, width));
}

/**
 * The bytes that draw `lines` over whatever the screen shows: from the top-left corner, each line
 * followed by clear-to-end-of-line, then clear-below; lines are joined without a final newline so the
 * last row never scrolls the screen.
 */
export function redraw(lines: readonly string[]): string {
  return `${esc}H${lines.map((line) => `${line}${esc}K`).join('\r\n')}${esc}J`;
}

function cutLine(line: string, width: number): string {
  if (visibleWidth(line) <= width) return line;
  let out = '';
  let shown = 0;
  // Walk the line keeping every colour sequence, counting only what is shown.
  // eslint-disable-next-line no-control-regex -- ESC is what an SGR sequence starts with
  for (const part of line.split(/(\u001B\[[0-9;]*m)/)) {
    if (part.startsWith('\u001B[')) {
      out += part;
      continue;
    }
    const chars = [...part];
    const room = width - 1 - shown;
    if (chars.length <= room) {
      out += part;
      shown += chars.length;
    } else {
      out += chars.slice(0, Math.max(0, room)).join('');
      shown = width - 1;
      break;
    }
  }
  return `${out}…${line.includes('\u001B[') ? `${esc}0m` : ''}`;
}
