import { describe, expect, it } from 'vitest';
import { copyableLines } from '../../source/ui/copyable-lines.js';

const portFix =
  "find the process with `ss -ltnp 'sport = :8800'`, stop it or choose another port; after stopping DolphinDB wait about 30 s";

describe('copyableLines', () => {
  it('never breaks a command in backticks that fits on a line: it moves to the next line whole', () => {
    const lines = copyableLines(`fix: ${portFix}`, 40);
    expect(lines).toContain("`ss -ltnp 'sport = :8800'`, stop it or");
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    // Nothing is lost or added: the lines joined by spaces are the text.
    expect(lines.join(' ')).toBe(`fix: ${portFix}`);
  });

  it('keeps a line that fits as it is, runs of spaces included, and an empty line', () => {
    expect(copyableLines('  a  b', 80)).toEqual(['  a  b']);
    expect(copyableLines('', 80)).toEqual(['']);
  });

  it('cuts only what is longer than a whole line, at the edge, with no indentation', () => {
    expect(copyableLines('run `abcdefghij` now', 5)).toEqual(['run', '`abcd', 'efghi', 'j`', 'now']);
    expect(copyableLines('x'.repeat(12), 5)).toEqual(['xxxxx', 'xxxxx', 'xx']);
  });
});
