import type { Duplex } from 'node:stream';
import { NeedMoreBytes, Reader, readObject, type DdbValue } from './decode.js';

/** Opens a byte stream to a node's port: a TCP socket, or a channel through an SSH tunnel. */
export type OpenStream = (signal: AbortSignal) => Promise<Duplex>;

/** DolphinDB answered a request with an error (the second header line). */
export class DdbError extends Error {}

/**
 * A session on one DolphinDB node over its binary API protocol (api_protocol.md): one request at a
 * time, `API <session> <length>\n<body>`; the answer is `<session> <objects> <endian>\n`, `OK\n` or
 * the error message, then the objects. Small on purpose: ddb-setup needs a few calls, and the
 * official JavaScript package costs hundreds of megabytes of dependencies (facts §7).
 */
export class DdbSession {
  private session = '0';
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly stream: Duplex,
    private readonly timeoutMs: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.wake();
    };
    stream.on('error', fail);
    stream.on('close', () => fail(new Error('the node closed the connection')));
  }

  /** Connects and opens a session (`connect`). */
  static async open(
    open: OpenStream,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<DdbSession> {
    const signal = options.signal ?? new AbortController().signal;
    const session = new DdbSession(await open(signal), options.timeoutMs ?? 10_000);
    const answer = await session.request('connect\n');
    session.session = answer.session;
    return session;
  }

  /** Runs a script and returns its value. */
  async run(script: string): Promise<DdbValue> {
    return (await this.request(`script\n${script}`)).value;
  }

  /** Logs in (`login(user, password)`); the password travels only inside this request. */
  async login(user: string, password: string): Promise<void> {
    await this.runWithSecrets(`login(${ddbString(user)}, ${ddbString(password)})`, [password]);
  }

  /** Changes the logged-in user's password (`changePwd(oldPwd, newPwd)`, DOCS funcs/c/changePwd). */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await this.runWithSecrets(`changePwd(${ddbString(oldPassword)}, ${ddbString(newPassword)})`, [
      oldPassword,
      newPassword,
    ]);
  }

  /**
   * Runs a script that holds passwords. DolphinDB's error repeats the call (`<call> => <message>`),
   * so an error keeps only the message, with any password in it masked: errors reach logs and the
   * journal, passwords never may.
   */
  private async runWithSecrets(script: string, secrets: readonly string[]): Promise<DdbValue> {
    try {
      return await this.run(script);
    } catch (error) {
      if (!(error instanceof DdbError)) throw error;
      throw new DdbError(withoutSecrets(error.message, secrets));
    }
  }

  close(): void {
    this.stream.destroy();
  }

  private wake(): void {
    const wake = this.waiting;
    this.waiting = undefined;
    wake?.();
  }

  private async request(body: string): Promise<{ session: string; value: DdbValue }> {
    const payload = Buffer.from(body, 'utf8');
    this.buffered = Buffer.alloc(0);
    this.stream.write(Buffer.concat([Buffer.from(`API ${this.session} ${payload.length}\n`), payload]));
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const parsed = parseAnswer(this.buffered);
      if (parsed) return parsed;
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${Math.round(this.timeoutMs / 1000)} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** Parses a whole answer, or returns undefined when more bytes are needed. Throws DdbError. */
export function parseAnswer(buffer: Buffer): { session: string; value: DdbValue } | undefined {
  const headerEnd = buffer.indexOf(10);
  if (headerEnd < 0) return undefined;
  const [session = '0', count = '0', endian = '1'] = buffer.toString('utf8', 0, headerEnd).trim().split(' ');
  const statusEnd = buffer.indexOf(10, headerEnd + 1);
  // An answer without objects may end right after `OK`, with no newline (api_protocol.md's example).
  if (statusEnd < 0 && Number(count) === 0 && buffer.toString('utf8', headerEnd + 1) === 'OK')
    return { session, value: null };
  if (statusEnd < 0) return undefined;
  const status = buffer.toString('utf8', headerEnd + 1, statusEnd);
  if (status !== 'OK') throw new DdbError(status);
  if (Number(count) === 0) return { session, value: null };
  const reader = new Reader(buffer.subarray(statusEnd + 1), endian === '1');
  try {
    return { session, value: readObject(reader) };
  } catch (error) {
    if (error instanceof NeedMoreBytes) return undefined;
    throw error;
  }
}

/** A DolphinDB string literal: double quotes, with backslash and quote escaped. */
export function ddbString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/** An error message without the call it repeats and with every secret (raw or escaped) masked. */
export function withoutSecrets(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret !== '')
      text = text.replaceAll(secret, '******').replaceAll(ddbString(secret).slice(1, -1), '******');
  const arrow = text.indexOf(' => ');
  return arrow < 0 ? text : text.slice(arrow + 4);
}
