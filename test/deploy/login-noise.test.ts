/**
 * The marker that separates what a login shell's start-up files print from a command's own
 * output: the command line runs in sh whatever comes before it, and only what follows the marker
 * is passed on, however the stream is cut into chunks.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AfterMark, marked, markLine } from '../../source/deploy/executors/login-noise.js';

describe('marked', () => {
  it('prints the marker on stdout and stderr, then runs the command in sh', () => {
    // As sshd does: the login shell gets the command line with -c, after its start-up files ran.
    const result = spawnSync(
      'sh',
      ['-c', `echo welcome; echo note >&2; ${marked('printf \'%s\' "$0"; echo err >&2')}`],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stdout).toBe(`welcome\n${markLine}sh`);
    expect(result.stderr).toBe(`note\n${markLine}err\n`);
  });

  it('refuses a command of several lines (csh cannot read one)', () => {
    expect(() => marked('a\nb')).toThrow(/one line/);
  });
});

describe('AfterMark', () => {
  it('drops what comes before the marker, even when chunks split it', () => {
    const stream = `Welcome to P1\nconda: base${markLine}line 1\nline 2\n`;
    for (let cut = 0; cut <= stream.length; cut++) {
      const after = new AfterMark();
      const passed = after.push(stream.slice(0, cut)) + after.push(stream.slice(cut)) + after.end();
      expect(passed, `cut at ${cut}`).toBe('line 1\nline 2\n');
      expect(after.text).toBe('line 1\nline 2\n');
    }
  });

  it('passes everything on at the end when the marker never came (the command did not run)', () => {
    const after = new AfterMark();
    expect(after.push('sh: not found\n')).toBe('');
    expect(after.end()).toBe('sh: not found\n');
    expect(after.text).toBe('sh: not found\n');
  });

  it('passes on a later marker line as output', () => {
    const after = new AfterMark();
    expect(after.push(`${markLine}a${markLine}`)).toBe(`a${markLine}`);
  });
});
