import { describe, expect, it } from 'vitest';
import { chunksHeldBy } from '../../source/deploy/node-api/chunk-holders.js';

describe('chunksHeldBy', () => {
  const rows = [
    { chunkId: 'a', replicas: 'datanode1:3:0:false:0,datanode2:3:0:false:0' },
    { chunkId: 'b', replicas: 'datanode2:1:0:false:0,datanode3:1:0:false:0' },
    { chunkId: 'c', replicas: 'datanode2:5:0:false:0' },
  ];

  it('counts the chunks each asked alias holds a replica of', () => {
    expect(chunksHeldBy(rows, ['datanode2', 'datanode3'])).toEqual(
      new Map([
        ['datanode2', 3],
        ['datanode3', 1],
      ]),
    );
  });

  it('leaves out aliases that hold nothing, and aliases not asked about', () => {
    expect(chunksHeldBy(rows, ['datanode4'])).toEqual(new Map());
    expect(chunksHeldBy(rows, ['datanode1']).has('datanode2')).toBe(false);
  });

  it('matches the whole alias before the first colon, not a prefix', () => {
    expect(chunksHeldBy([{ replicas: 'datanode10:1:0:false:0' }], ['datanode1'])).toEqual(new Map());
  });

  it('skips rows without a replicas string and empty tables', () => {
    expect(chunksHeldBy([null, { replicas: null }, { chunkId: 'x' }], ['datanode1'])).toEqual(new Map());
    expect(chunksHeldBy([], ['datanode1'])).toEqual(new Map());
  });

  it('tolerates spaces around entries', () => {
    expect(
      chunksHeldBy([{ replicas: 'datanode1:1:0:false:0, datanode2:1:0:false:0' }], ['datanode2']),
    ).toEqual(new Map([['datanode2', 1]]));
  });
});
