/**
 * Request and response framing of the binary API protocol (PROTOCOL.md §1–§2; Tutorials_CN
 * api_protocol.md, checked against api-java DBConnection.java and api-cplusplus DolphinDBImp.cpp):
 *
 *   request:  `API <session> <length>[ / <flags>]\n` then <length> bytes of body:
 *             `connect\n` | `script\n<code>` | `function\n<name>\n<argc>\n<endian>` (+ argc objects)
 *             | `variable\n<names>\n<count>\n<endian>` (+ objects). `API2` is the same request type
 *             with progress messages.
 *   response: `<session> <objects> <endian>\n` then `OK\n` and the objects, or the error message
 *             and `\n` in place of `OK`.
 */
import { encode, readObject, Reader, NeedMoreBytes } from './codec.js';
import { T, type Value } from './values.js';

export type Request =
  | { readonly command: 'connect'; readonly session: string }
  | { readonly command: 'script'; readonly session: string; readonly code: string }
  | {
      readonly command: 'function';
      readonly session: string;
      readonly name: string;
      readonly args: Value[];
    }
  | {
      readonly command: 'variable';
      readonly session: string;
      readonly names: string[];
      readonly values: Value[];
    };

/** The first bytes of a request: `API ` or `API2 `. */
export const isApiStart = (buffer: Buffer): boolean => /^API2? /.test(buffer.toString('latin1', 0, 5));

export class ProtocolError extends Error {}

/**
 * Parses one request from the start of `buffer`; returns it with the number of bytes it used, or
 * undefined while bytes are missing. Throws ProtocolError on malformed input.
 */
export function parseRequest(buffer: Buffer): { request: Request; used: number } | undefined {
  const headerEnd = buffer.indexOf(10);
  if (headerEnd < 0) {
    if (buffer.length > 4096) throw new ProtocolError('request header too long');
    return undefined;
  }
  const header = buffer.toString('utf8', 0, headerEnd).split(' ');
  const [kind = '', session = '0', lengthText = ''] = header;
  if ((kind !== 'API' && kind !== 'API2') || !/^\d+$/.test(lengthText))
    throw new ProtocolError(
      `invalid request header ${JSON.stringify(buffer.toString('utf8', 0, headerEnd))}`,
    );
  // header[3] === '/' starts the behaviour flags (`/ 0_1_4_2__0`), which the stand-in ignores.
  const bodyStart = headerEnd + 1;
  const length = Number(lengthText);
  if (buffer.length < bodyStart + length) return undefined;
  const body = buffer.toString('utf8', bodyStart, bodyStart + length);
  const bodyEnd = bodyStart + length;
  const newline = body.indexOf('\n');
  const command = newline < 0 ? body : body.slice(0, newline);
  switch (command) {
    case 'connect':
      return { request: { command: 'connect', session }, used: bodyEnd };
    case 'script':
      return { request: { command: 'script', session, code: body.slice(newline + 1) }, used: bodyEnd };
    case 'function':
    case 'variable': {
      const [, name = '', countText = '0', endian = '1'] = body.split('\n');
      const count = Number(countText);
      if (!Number.isInteger(count) || count < 0)
        throw new ProtocolError(`invalid argument count ${countText}`);
      const reader = new Reader(buffer, endian !== '0', bodyEnd);
      const values: Value[] = [];
      try {
        for (let i = 0; i < count; i++) values.push(readObject(reader));
      } catch (error) {
        if (error instanceof NeedMoreBytes) return undefined;
        throw new ProtocolError(error instanceof Error ? error.message : String(error));
      }
      const request: Request =
        command === 'function'
          ? { command, session, name, args: values }
          : { command, session, names: name.split(','), values };
      return { request, used: reader.offset };
    }
    default:
      throw new ProtocolError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** A successful answer; a VOID result is sent as no object at all. */
export function okResponse(session: string, result: Value | undefined): Buffer {
  const objects = result && !(result.kind === 'scalar' && result.type === T.void) ? [result] : [];
  return Buffer.concat([
    Buffer.from(`${session} ${objects.length} 1\nOK\n`, 'utf8'),
    ...objects.map((o) => encode(o, true)),
  ]);
}

/** An error answer: the message takes the place of `OK` (api-java reads it as the second line). */
export function errorResponse(session: string, message: string): Buffer {
  return Buffer.from(`${session} 0 1\n${message.replace(/\r?\n/g, ' ')}\n`, 'utf8');
}

/** Parses a whole response; undefined while bytes are missing. */
export function parseResponse(
  buffer: Buffer,
): { session: string; error?: string; value?: Value; used: number } | undefined {
  const headerEnd = buffer.indexOf(10);
  if (headerEnd < 0) return undefined;
  const [session = '', countText = '0', endian = '1'] = buffer.toString('utf8', 0, headerEnd).split(' ');
  const statusEnd = buffer.indexOf(10, headerEnd + 1);
  if (statusEnd < 0) return undefined;
  const status = buffer.toString('utf8', headerEnd + 1, statusEnd);
  if (status !== 'OK') return { session, error: status, used: statusEnd + 1 };
  if (Number(countText) === 0) return { session, used: statusEnd + 1 };
  const reader = new Reader(buffer, endian !== '0', statusEnd + 1);
  try {
    const value = readObject(reader);
    return { session, value, used: reader.offset };
  } catch (error) {
    if (error instanceof NeedMoreBytes) return undefined;
    throw error;
  }
}
