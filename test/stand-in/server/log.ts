/**
 * The node's log in DolphinDB's line format, `<date> <time>.<µs>,<thread> <LEVEL> :<message>`
 * (facts §9 and §6.2 quote the `<LEVEL> :message` part; the node_startup tutorial shows the
 * `2023-10-26 09:01:31.349118 <ERROR> :…` timestamps; the `,<thread id>` field is the newer servers'
 * form). The first line of every log says that this is a stand-in.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { STAND_IN_BANNER } from './version.js';

export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Where log lines go: the log file, standard output, or both (`stdoutLog` 0/1/2, facts §1.2). */
export type LogTarget = { readonly file?: string; readonly stdout: boolean };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function timestamp(): string {
  const now = performance.timeOrigin + performance.now();
  const date = new Date(Math.floor(now));
  const micros = pad(Math.floor((now % 1000) * 1000), 6);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${micros}`
  );
}

export class Log {
  private target: LogTarget = { stdout: true };
  private readonly thread = (process.pid & 0xffff).toString(16).padStart(4, '0');
  private readonly early: string[] = [];
  private opened = false;

  /** Opens the log file (creating its directory); lines logged before this are written first. */
  open(target: LogTarget): void {
    this.target = target;
    if (target.file) mkdirSync(dirname(target.file), { recursive: true });
    this.opened = true;
    this.write(`${timestamp()},${this.thread} <INFO> :${STAND_IN_BANNER}`);
    for (const line of this.early.splice(0)) this.write(line);
  }

  line(level: Level, message: string): void {
    // Two of the documented lines have a space after the colon (`<ERROR> : The license has
    // expired.`, `<ERROR> : The socket server ended.`): callers pass it inside the message.
    const text = `${timestamp()},${this.thread} <${level}> :${message}`;
    if (this.opened) this.write(text);
    else this.early.push(text);
  }

  info(message: string): void {
    this.line('INFO', message);
  }
  warn(message: string): void {
    this.line('WARNING', message);
  }
  error(message: string): void {
    this.line('ERROR', message);
  }

  /** Writes what was logged before the log was opened (a failure before the config was read). */
  flushEarly(): void {
    if (!this.opened) this.open(this.target);
  }

  private write(text: string): void {
    if (this.target.file) {
      try {
        appendFileSync(this.target.file, text + '\n');
      } catch {
        process.stderr.write(text + '\n');
      }
    }
    if (this.target.stdout) process.stdout.write(text + '\n');
  }
}

export const log = new Log();
