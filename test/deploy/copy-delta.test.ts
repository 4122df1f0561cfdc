import { describe, expect, it } from 'vitest';
import { copyDelta } from '../../source/deploy/copy-delta.js';

const line = (sha: string, path: string) => `${sha.repeat(64).slice(0, 64)}  ${path}`;

describe('copyDelta', () => {
  it('sends new and changed files, removes those gone, keeps the rest', () => {
    const source = [line('a', './same'), line('b', './changed'), line('c', './new file')].join('\n');
    const staged = [line('a', './same'), line('x', './changed'), line('d', './gone')].join('\n');
    expect(copyDelta(source, staged)).toEqual({ send: ['./changed', './new file'], remove: ['./gone'] });
  });

  it('nothing to do when both lists are the same', () => {
    const list = `${line('a', './raft/raftWAL')}\n`;
    expect(copyDelta(list, list)).toEqual({ send: [], remove: [] });
  });
});
