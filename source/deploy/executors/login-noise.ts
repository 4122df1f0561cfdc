/**
 * Whatever a user's shell start-up files print (a welcome line in ~/.bashrc, conda's or nvm's
 * notes, `stty` complaining without a terminal) reaches the SSH channel before our command runs,
 * and would be read as our output: a checksum that "differs", a probe line that does not parse.
 * So every command ddb-setup starts over SSH first prints a marker line on stdout and on stderr,
 * and what came before it is dropped.
 *
 * The command is also wrapped in `sh -c '…'` on one line, so that it means the same whatever the
 * login shell is: csh reads no newline inside quotes, and one single-quoted word (with '\'' for a
 * quote) reaches `sh` unchanged from bash, zsh, csh and fish alike (bash and tcsh are tested).
 */
import { quote } from '../../remote/shell.js';

/** The line our command prints first (record separators keep it from matching real output). */
export const markLine = '\x1eddb-setup\x1e\n';

/** `inner` (one line of POSIX shell) as a command for the login shell, announced by the marker. */
export function marked(inner: string): string {
  if (inner.includes('\n')) throw new Error('marked(): the command must be one line');
  const mark = 'printf "\\036ddb-setup\\036\\n"';
  return `sh -c ${quote(`${mark}; ${mark} >&2; ${inner}`)}`;
}

/** Passes on streamed text from just after the marker line; holds back what comes before it. */
export class AfterMark {
  private pending = '';
  private seen = false;
  /** Everything passed on so far. */
  text = '';

  /** The part of `chunk` that follows the marker (empty while it has not appeared). */
  push(chunk: string): string {
    if (this.seen) return this.keep(chunk);
    this.pending += chunk;
    const at = this.pending.indexOf(markLine);
    if (at < 0) return '';
    this.seen = true;
    const rest = this.pending.slice(at + markLine.length);
    this.pending = '';
    return this.keep(rest);
  }

  /**
   * At the end of the stream: when the marker never came, the command did not run (the login shell
   * failed first), and everything held back is what there is to show.
   */
  end(): string {
    if (this.seen) return '';
    this.seen = true;
    const rest = this.pending;
    this.pending = '';
    return this.keep(rest);
  }

  private keep(text: string): string {
    this.text += text;
    return text;
  }
}
