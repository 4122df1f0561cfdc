/** status --watch draws each frame over the last: cut to the terminal, so the screen never scrolls. */
import { describe, expect, it } from 'vitest';
import { fitFrame, redraw, visibleWidth } from '../../source/cli/screen-frame.js';

const red = (text: string) => `\u001B[31m${text}\u001B[0m`;

describe('fitFrame', () => {
  it('a frame that fits is left as it is (a trailing newline adds no line)', () => {
    expect(fitFrame('a\nbb\nccc\n', 10, 5)).toEqual(['a', 'bb', 'ccc']);
  });

  it('a frame taller than the window: rows lines, the last saying how many more there are', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = fitFrame(text, 80, 4);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3)).toEqual(['line 1', 'line 2', 'line 3']);
    expect(lines[3]).toBe('… 7 more lines: a taller window shows them');
  });

  it('a line wider than the window is cut with an ellipsis, its colour kept and reset', () => {
    const [plain] = fitFrame('abcdefghij', 6, 5);
    expect(plain).toBe('abcde…');
    const [coloured] = fitFrame(`ab ${red('down')} and more`, 6, 5);
    expect(visibleWidth(coloured ?? '')).toBe(6);
    expect(coloured).toBe(`ab \u001B[31mdo…\u001B[0m`);
  });

  it('colour takes no room: a coloured line as wide as the window is not cut', () => {
    expect(fitFrame(`12 ${red('up')}`, 5, 2)).toEqual([`12 ${red('up')}`]);
  });
});

describe('redraw', () => {
  it('starts at the top-left corner, clears the rest of each line and below, ends without a newline', () => {
    const bytes = redraw(['one', 'two']);
    expect(bytes).toBe('\u001B[Hone\u001B[K\r\ntwo\u001B[K\u001B[J');
    expect(bytes.endsWith('\n')).toBe(false);
  });
});
