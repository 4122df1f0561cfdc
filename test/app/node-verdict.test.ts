/** status decides each state from what it saw: every combination of evidence. */
import { describe, expect, it } from 'vitest';
import {
  leaderVerdict,
  nodeVerdict,
  type NodeEvidence,
  type Verdict,
} from '../../source/app/node-verdict.js';

const base: NodeEvidence = {
  hostProblem: undefined,
  probe: undefined,
  controllersSay: undefined,
  host: 'P2',
  port: 8902,
};
const answered = { kind: 'answered', value: 'x' } as const;

describe('nodeVerdict', () => {
  it('up only when the node answered through its own host', () => {
    expect(nodeVerdict({ ...base, probe: answered })).toEqual({ state: 'up', source: 'node' });
    // The controllers saying up is not enough when the node itself was silent.
    expect(
      nodeVerdict({ ...base, probe: { kind: 'silent', message: 'timed out' }, controllersSay: 'up' }),
    ).toEqual({
      state: 'unknown',
      reason: 'did not answer: timed out',
      source: 'node',
    });
  });

  it('an unreachable host makes its nodes unknown with the reason, whatever the controllers say', () => {
    for (const controllersSay of ['up', 'down', undefined] as const)
      expect(nodeVerdict({ ...base, hostProblem: 'host key changed', controllersSay })).toEqual({
        state: 'unknown',
        reason: 'P2: host key changed',
        source: 'host',
      });
  });

  it('down when its port is refused on its own host, or the controllers see it down', () => {
    expect(nodeVerdict({ ...base, probe: { kind: 'refused' }, controllersSay: 'up' })).toEqual({
      state: 'down',
      reason: 'port 8902 refused on P2 (not running)',
      source: 'node',
    });
    expect(
      nodeVerdict({ ...base, probe: { kind: 'silent', message: 'x' }, controllersSay: 'down' }),
    ).toMatchObject({
      state: 'down',
      source: 'controllers',
    });
  });
});

describe('leaderVerdict', () => {
  const up: Verdict = { state: 'up', source: 'node' };
  const c = ['controller1', 'controller2', 'controller3'];

  it('the controller a majority names, when it answers itself', () => {
    const named = new Map(c.map((alias) => [alias, 'controller2']));
    expect(leaderVerdict(c, named, new Map(c.map((a) => [a, up])))).toEqual({
      leader: 'controller2',
      namedBy: c,
    });
  });

  it('a named leader whose host cannot be reached from here is still the leader, with that said', () => {
    const named = new Map([
      ['controller2', 'controller1'],
      ['controller3', 'controller1'],
    ]);
    const verdicts = new Map<string, Verdict>([
      ['controller1', { state: 'unknown', reason: 'P1: no answer', source: 'host' }],
      ['controller2', up],
      ['controller3', up],
    ]);
    expect(leaderVerdict(c, named, verdicts)).toEqual({
      leader: 'controller1',
      namedBy: ['controller2', 'controller3'],
      note: 'controller1 itself cannot be asked from here (P1: no answer)',
    });
  });

  it('a named leader that refuses on its own host is gone: no leader (the others re-elect)', () => {
    const named = new Map([
      ['controller2', 'controller1'],
      ['controller3', 'controller1'],
    ]);
    const verdicts = new Map<string, Verdict>([
      ['controller1', { state: 'down', reason: 'refused', source: 'node' }],
      ['controller2', up],
      ['controller3', up],
    ]);
    expect(leaderVerdict(c, named, verdicts)).toEqual({ leader: null, namedBy: [] });
  });

  it('no majority, no leader; a sole controller names itself', () => {
    const split = new Map([
      ['controller1', 'controller1'],
      ['controller2', 'controller2'],
    ]);
    expect(leaderVerdict(c, split, new Map(c.map((a) => [a, up]))).leader).toBeNull();
    expect(
      leaderVerdict(
        ['controller1'],
        new Map([['controller1', 'controller1']]),
        new Map([['controller1', up]]),
      ).leader,
    ).toBe('controller1');
  });
});
