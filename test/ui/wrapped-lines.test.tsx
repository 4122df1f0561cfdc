/**
 * wrappedLines counts the lines Ink itself takes for a wrapped text: checked against Ink's own
 * rendering for real messages at several widths, words longer than a line, and several spaces.
 */
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { wrapToLines, wrappedLines } from '../../source/ui/wrapped-lines.js';

function inkLines(text: string, width: number): number {
  const view = render(
    <Box width={width}>
      <Text wrap="wrap">{text}</Text>
    </Box>,
  );
  const lines = (view.lastFrame() ?? '').split('\n').length;
  view.unmount();
  return lines;
}

const texts = [
  "! server.license (Options): 9 nodes (controllers, data and compute nodes) exceed the community licence's 3: set server.license to an enterprise licence file, or the extra nodes will not start",
  "the connection was closed before SSH answered: port 22 is not an SSH server's, or sshd turned this machine away",
  'fix: check that port 2222 is sshd’s (ssh.port), and that sshd accepts this machine (hosts.deny, fail2ban, AllowUsers, MaxStartups); try: ssh -p 2222 deploy@203.0.113.7',
  `a path /opt/${'very-long-directory-name-'.repeat(6)}end does not fit`,
  'short',
  'two  spaces   and more',
];

describe('wrappedLines', () => {
  for (const width of [20, 41, 74, 80, 100])
    it(`agrees with Ink at ${width} columns`, () => {
      for (const text of texts)
        expect(wrappedLines(text, width), `${width}: ${text}`).toBe(inkLines(text, width));
    });

  it('agrees with Ink on 300 random texts (words of 0 to 30 letters, 5 to 50 columns)', () => {
    // A fixed-seed generator: the same texts on every run, many shapes of lines.
    let seed = 20261123;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 300; run++) {
      const words = Array.from({ length: 1 + next(12) }, () => 'w'.repeat(next(31)));
      const text = words.join(' ');
      const width = 5 + next(46);
      expect(wrappedLines(text, width), `${width}: "${text}"`).toBe(inkLines(text, width));
    }
  });
});

describe('wrapToLines', () => {
  it('keeps every word, in order, on lines that fit, continuation lines indented', () => {
    for (const text of texts)
      for (const width of [12, 30, 80]) {
        const lines = wrapToLines(text, width, '    ');
        for (const line of lines) expect([...line].length, `${width}: ${line}`).toBeLessThanOrEqual(width);
        expect(lines.slice(1).every((line) => line.startsWith('    '))).toBe(true);
        // Joined again, the words are the text's (a word longer than a line was cut, not lost).
        expect(
          lines
            .map((line) => line.trim())
            .join('')
            .replace(/ +/g, ''),
        ).toBe(text.replace(/ +/g, ''));
      }
  });
});
