/** status --watch's header says what changed between two rounds: each kind of change, and none. */
import { describe, expect, it } from 'vitest';
import type { ClusterStatus, NodeStatus } from '../../source/app/cluster-status.js';
import { statusChanges } from '../../source/app/status-changes.js';

const node = (alias: string, host: string, state: NodeStatus['state']): NodeStatus => ({
  host,
  alias,
  mode: 'datanode',
  state,
  reason: state === 'up' ? null : 'seen so',
  source: 'node',
  licence: null,
  leader: false,
});

const round = (overrides: Partial<ClusterStatus> = {}): ClusterStatus => ({
  leader: 'controller1',
  leaderNamedBy: ['controller1'],
  leaderNote: null,
  nodes: [node('datanode1', 'P1', 'up'), node('datanode2', 'P2', 'up'), node('datanode3', 'P3', 'up')],
  defaultAdminPassword: false,
  unreachable: [],
  ...overrides,
});

describe('statusChanges', () => {
  it('nothing when both rounds saw the same', () => {
    expect(statusChanges(round(), round())).toEqual([]);
  });

  it('a node that went down, in the words of the header', () => {
    const after = round({
      nodes: [node('datanode1', 'P1', 'up'), node('datanode2', 'P2', 'up'), node('datanode3', 'P3', 'down')],
    });
    expect(statusChanges(round(), after)).toEqual(['datanode3 up → down']);
    expect(statusChanges(after, round())).toEqual(['datanode3 down → up']);
  });

  it('a host lost: the host first, then each of its nodes that turned unknown', () => {
    const after = round({
      nodes: [
        node('datanode1', 'P1', 'up'),
        node('datanode2', 'P2', 'unknown'),
        node('datanode3', 'P3', 'up'),
      ],
      unreachable: [{ host: 'P2', reason: 'connection refused', fix: null }],
    });
    expect(statusChanges(round(), after)).toEqual(['P2 not reached', 'datanode2 up → unknown']);
    expect(statusChanges(after, round())).toEqual(['P2 reached again', 'datanode2 unknown → up']);
  });

  it('a new leader, and none', () => {
    expect(statusChanges(round(), round({ leader: 'controller2' }))).toEqual([
      'leader controller1 → controller2',
    ]);
    expect(statusChanges(round(), round({ leader: null }))).toEqual(['leader controller1 → none']);
  });
});
