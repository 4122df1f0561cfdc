import { describe, expect, it } from 'vitest';
import { manifestText } from '../../../source/app/collect/manifest.js';

describe('manifestText', () => {
  it('lists hosts reached and not, nodes not up with their diagnosis, drift, every file and every redaction', () => {
    const text = manifestText({
      cluster: 'demo',
      mode: 'ha',
      collectedAt: new Date('2026-12-05T01:02:03.456Z'),
      toolVersion: '0.1.0',
      root: 'b',
      hosts: [
        { host: 'P1', reached: true, clockOffsetMs: -12, clockMarginMs: 1 },
        {
          host: 'P2',
          reached: false,
          reason: 'P2 (root@10.0.0.2:22): no answer',
          fix: 'check the host is on',
        },
        { host: 'P3', reached: true, problem: 'a script on P3 did not finish within 120 s' },
      ],
      nodesNotUp: [
        {
          alias: 'controller3',
          host: 'P3',
          state: 'down',
          reason: 'port 8800 refused on P3 (not running)',
          diagnosis: {
            cause: 'the nodes file x starts with a blank line',
            fix: 're-run deploy',
            log: 'b/hosts/P3/logs/controller3.log',
          },
        },
        { alias: 'datanode2', host: 'P2', state: 'unknown', reason: 'host not reached' },
      ],
      drift: [
        { host: 'P3', path: '/opt/d/cluster.nodes', diff: 'b/hosts/P3/drift/opt/d/cluster.nodes.diff' },
        { host: 'P1', path: '/opt/d/start.sh', diff: 'missing' },
      ],
      files: [
        { path: 'b/MANIFEST.txt', bytes: 900 },
        { path: 'b/status.json', bytes: 2048 },
      ],
      redactions: [
        { file: 'b/hosts/P1/written/opt/d/dolphindb.lic', line: 2, toLine: 4, kind: 'licence-signature' },
        { file: 'b/hosts/P1/logs/agent1.log', line: 7, kind: 'password' },
      ],
    });
    expect(text).toBe(
      [
        'ddb-setup support bundle: cluster demo (ha), collected 2026-12-05 01:02:03 UTC by ddb-setup 0.1.0',
        'Read-only: nothing was changed on any host. Secrets were removed before anything was written (listed at the end).',
        '',
        'hosts:',
        "  ✓ P1 reached, clock -12 ms from this machine's (±1 ms)",
        '  ✗ P2 NOT REACHED: P2 (root@10.0.0.2:22): no answer',
        '      fix: check the host is on',
        '  ✓ P3 reached',
        '      incomplete: a script on P3 did not finish within 120 s',
        '',
        'nodes not up:',
        '  controller3 on P3: down (port 8800 refused on P3 (not running))',
        '      diagnosis: the nodes file x starts with a blank line',
        '      fix: re-run deploy',
        '      log: b/hosts/P3/logs/controller3.log',
        '  datanode2 on P2: unknown (host not reached)',
        '',
        'config drift (on the host, not as ddb-setup writes it):',
        '  P3 /opt/d/cluster.nodes: diff in b/hosts/P3/drift/opt/d/cluster.nodes.diff',
        '  P1 /opt/d/start.sh: missing on the host',
        '',
        'files (2, 2.9 KB), in b/:',
        '  b/MANIFEST.txt  900 B',
        '  b/status.json  2.0 KB',
        '',
        'redacted (2):',
        '  b/hosts/P1/written/opt/d/dolphindb.lic:2-4  licence-signature',
        '  b/hosts/P1/logs/agent1.log:7  password',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is down, drifted or redacted', () => {
    const text = manifestText({
      cluster: 'demo',
      mode: 'single',
      collectedAt: new Date(0),
      toolVersion: '0.1.0',
      root: 'b',
      hosts: [{ host: 'P1', reached: true }],
      nodesNotUp: [],
      drift: [],
      files: [],
      redactions: [],
    });
    expect(text).toContain('nodes not up: none');
    expect(text).toContain('config drift: none');
    expect(text).toContain('redacted: nothing found to redact');
  });
});
