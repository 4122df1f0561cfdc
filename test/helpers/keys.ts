/** Key sequences a terminal sends, for ink-testing-library's `stdin.write` (style guide §8.7). */
export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  space: ' ',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;
