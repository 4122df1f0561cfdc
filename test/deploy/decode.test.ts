import { describe, expect, it } from 'vitest';
import { DdbError, ddbString, parseAnswer } from '../../source/deploy/dolphindb/client.js';

/** Bytes from hex with spaces and `"text"` runs (NUL not included), as test/stand-in/PROTOCOL.md writes them. */
function bytes(spec: string): Buffer {
  const parts: Buffer[] = [];
  for (const token of spec.match(/"[^"]*"|[0-9a-f]+/gi) ?? []) {
    if (token.startsWith('"')) parts.push(Buffer.from(token.slice(1, -1), 'utf8'));
    else parts.push(Buffer.from(token, 'hex'));
  }
  return Buffer.concat(parts);
}

/** A whole answer: header line, OK, then one object. */
const answer = (object: string) => Buffer.concat([Buffer.from('1166953221 1 1\nOK\n'), bytes(object)]);

describe('the API answer decoder (byte layouts of PROTOCOL.md, checked there against the official clients)', () => {
  it('reads a connect answer, with or without a newline after OK', () => {
    expect(parseAnswer(Buffer.from('1166953221 0 1\nOK'))).toEqual({ session: '1166953221', value: null });
    expect(parseAnswer(Buffer.from('1166953221 0 1\nOK\n'))).toEqual({ session: '1166953221', value: null });
  });

  it('waits for more bytes instead of failing on a partial answer', () => {
    const whole = answer('04 01 03000000 01000000 01000000 02000000 03000000');
    for (let cut = 0; cut < whole.length; cut++) expect(parseAnswer(whole.subarray(0, cut))).toBeUndefined();
    expect(parseAnswer(whole)?.value).toEqual([1, 2, 3]);
  });

  it('throws the server error text', () => {
    expect(() => parseAnswer(Buffer.from("0 0 1\nCan't recognize function name foo\n"))).toThrow(DdbError);
  });

  it('reads scalars with their null sentinels', () => {
    expect(parseAnswer(answer('04 00 03000000'))?.value).toBe(3);
    expect(parseAnswer(answer('04 00 00000080'))?.value).toBeNull();
    expect(parseAnswer(answer('01 00 01'))?.value).toBe(true);
    expect(parseAnswer(answer('01 00 80'))?.value).toBeNull();
    expect(parseAnswer(answer('12 00 "controller1" 00'))?.value).toBe('controller1');
    expect(parseAnswer(answer('00 00 00'))?.value).toBeNull();
  });

  it('reads a SYMBOL vector sent with its symbol base', () => {
    expect(
      parseAnswer(
        answer('91 01 03000000 01000000 00000000 03000000 00 61 00 62 00 01000000 02000000 01000000'),
      )?.value,
    ).toEqual(['a', 'b', 'a']);
  });

  it('reads a table whose second SYMBOL column refers to a base sent before', () => {
    const table =
      '00 06 02000000 02000000 00 "x" 00 "y" 00' +
      ' 91 01 02000000 01000000 00000000 02000000 "" 00 "p" 00 01000000 01000000' +
      ' 91 01 02000000 01000000 00000000 00000000 00000000 01000000';
    expect(parseAnswer(answer(table))?.value).toEqual([
      { x: 'p', y: '' },
      { x: 'p', y: 'p' },
    ]);
  });

  it('reads the getClusterPerf table shape: strings, ints and booleans by row', () => {
    const table =
      '00 06 01000000 03000000 00 "name" 00 "state" 00 "isLeader" 00' +
      ' 12 01 01000000 01000000 "controller1" 00' +
      ' 04 01 01000000 01000000 01000000' +
      ' 01 01 01000000 01000000 01';
    expect(parseAnswer(answer(table))?.value).toEqual([{ name: 'controller1', state: 1, isLeader: true }]);
  });

  it('reads a dictionary with ANY values, as license() answers', () => {
    const dict =
      '19 05 12 01 02000000 01000000 "maxNodes" 00 "authorization" 00 19 01 02000000 01000000 04 00 03000000 12 00 "free" 00';
    expect(parseAnswer(answer(dict))?.value).toEqual({ maxNodes: 3, authorization: 'free' });
  });

  it('writes string literals the server reads back verbatim', () => {
    expect(ddbString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
