/** Reachability results become findings grouped by what is blocked, not one per source host. */
import { describe, expect, it } from 'vitest';
import {
  reachabilityFindings,
  untestedTargetFindings,
  type ConnectOutcome,
  type ConnectResult,
} from '../../source/checks/reachability.js';

const result = (from: string, to: string, port: number, outcome: ConnectOutcome): ConnectResult => ({
  from,
  to,
  address: `10.0.0.${to.slice(1)}`,
  port: { port, alias: `datanode${to.slice(1)}`, index: 0 },
  outcome,
});

describe('reachabilityFindings', () => {
  it('a port closed to every other host is one finding naming them all, with one fix', () => {
    const sources = ['P2', 'P3', 'P4', 'P5'];
    const findings = reachabilityFindings(sources.map((from) => result(from, 'P1', 8802, 'timeout')));
    const errors = findings.filter((f) => f.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(
      'P2, P3, P4, P5 cannot reach P1 at 10.0.0.1 on 8802 (datanode1): no answer within the time limit (a firewall drops the packets)',
    );
    expect(errors[0]?.fix).toBe(
      'on P1, open TCP 8802 to P2, P3, P4, P5: firewall-cmd --permanent --add-port={8802}/tcp && firewall-cmd --reload  (or: ufw allow proto tcp from <the address of each of P2, P3, P4, P5> to any port 8802)',
    );
  });

  it('different blocked ports or another kind of failure are separate findings; one source reads as before', () => {
    const findings = reachabilityFindings([
      result('P2', 'P1', 8802, 'timeout'),
      result('P3', 'P1', 8802, 'refused'),
      result('P4', 'P1', 8802, 'reached'),
    ]);
    expect(findings.map((f) => [f.level, f.message])).toEqual([
      [
        'error',
        'P2 cannot reach P1 at 10.0.0.1 on 8802 (datanode1): no answer within the time limit (a firewall drops the packets)',
      ],
      [
        'error',
        'P3 cannot reach P1 at 10.0.0.1 on 8802 (datanode1): connection refused (a firewall rejects it)',
      ],
      ['ok', 'its ports are reachable from P4'],
    ]);
  });
});

describe('untestedTargetFindings', () => {
  it('a host this machine could not reach: one warning saying its ports were not tested, and why', () => {
    expect(untestedTargetFindings(['P28', 'P29'])).toEqual([
      {
        level: 'warning',
        host: 'P28',
        check: 'reachability',
        message:
          'not tested: this machine could not reach P28 (its ssh error), so no other host was asked to connect to its ports',
        fix: 'make P28 reachable over SSH from this machine, then run check again',
      },
      expect.objectContaining({ host: 'P29', level: 'warning' }),
    ]);
    expect(untestedTargetFindings([])).toEqual([]);
  });
});
