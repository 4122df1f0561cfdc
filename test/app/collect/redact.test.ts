import { describe, expect, it } from 'vitest';
import { redact } from '../../../source/app/collect/redact.js';

describe('redact', () => {
  it('keeps a licence’s terms line and removes its signature lines, as one redaction', () => {
    const licence = '2042.01.01,16,8,64,ACME,0,-1,,3\nAbCdEf0123==\nGhIj4567==\n';
    const { text, redactions } = redact('hosts/P1/on-disk/opt/x/server/2.00.11.3/dolphindb.lic', licence);
    expect(text.split('\n')[0]).toBe('2042.01.01,16,8,64,ACME,0,-1,,3');
    expect(text).not.toContain('AbCdEf');
    expect(text).not.toContain('GhIj');
    expect(redactions).toEqual([
      {
        file: 'hosts/P1/on-disk/opt/x/server/2.00.11.3/dolphindb.lic',
        line: 2,
        toLine: 3,
        kind: 'licence-signature',
      },
    ]);
    // The package's own licence, kept beside it, is a licence too.
    expect(redact('dolphindb.lic.package', 'terms\nsig').text).toBe('terms\n[redacted] licence signature');
  });

  it('removes a private key block whole, whatever its type', () => {
    const text =
      'before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter';
    const out = redact('f.txt', text);
    expect(out.text).toBe(
      'before\n[redacted] private key\n[redacted] private key\n[redacted] private key\n[redacted] private key\nafter',
    );
    expect(out.redactions).toEqual([{ file: 'f.txt', line: 2, kind: 'private-key' }]);
    expect(redact('f', '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----').text).not.toMatch(
      /PRIVATE KEY-----|\nx\n/,
    );
  });

  it('removes swarm join tokens', () => {
    const out = redact(
      'j',
      'docker swarm join --token SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx 10.0.0.1:2377',
    );
    expect(out.text).toBe('docker swarm join --token [redacted] 10.0.0.1:2377');
    expect(out.redactions.map((r) => r.kind)).toEqual(['swarm-token']);
  });

  it('removes passwords in key=value, key: value, JSON fields and environment assignments', () => {
    const cases: [string, string][] = [
      ['password=s3cret!', 'password=[redacted]'],
      ['adminPassword = "two words"', 'adminPassword = "[redacted]"'],
      ['  "password": "p\\"q",', '  "password": "[redacted]",'],
      ["pwd: 'abc'", "pwd: '[redacted]'"],
      ['DDB_ADMIN_PASSWORD=hunter22 ddb-setup deploy', 'DDB_ADMIN_PASSWORD=[redacted] ddb-setup deploy'],
      ['passwd=x;other=1', 'passwd=[redacted];other=1'],
      // Inside a JSON string, as a journal records a command.
      ['{"line":"{\\"password\\":\\"x y\\"}"}', '{"line":"{\\"password\\":\\"[redacted]\\"}"}'],
      ['{"command":"DDB_ADMIN_PASSWORD=\\"a b\\" x"}', '{"command":"DDB_ADMIN_PASSWORD=\\"[redacted]\\" x"}'],
    ];
    for (const [input, output] of cases) {
      const out = redact('c', input);
      expect(out.text, input).toBe(output);
      expect(out.redactions, input).toEqual([{ file: 'c', line: 1, kind: 'password' }]);
    }
    expect(redact('c', 'x\naccess_token=abc.def').redactions).toEqual([
      { file: 'c', line: 2, kind: 'token' },
    ]);
  });

  it('keeps what only looks like a password: status JSON’s booleans, a flag name', () => {
    for (const text of [
      '"defaultAdminPassword": false,',
      '"defaultAdminPassword": null',
      'ddb-setup check --password-stdin',
    ])
      expect(redact('s', text)).toEqual({ text, redactions: [] });
  });

  it('removes the password of a login in DolphinDB script text', () => {
    const out = redact(
      'log',
      'Script: login("admin", "Adm1n-pass"); select * from t\nlogin(\'guest\',\'x y\')',
    );
    expect(out.text).toBe(
      'Script: login("admin", "[redacted]"); select * from t\nlogin(\'guest\',\'[redacted]\')',
    );
    expect(out.redactions).toEqual([
      { file: 'log', line: 1, kind: 'password' },
      { file: 'log', line: 2, kind: 'password' },
    ]);
  });

  it('removes known secrets wherever they appear, longer ones first, but not ones too short to tell', () => {
    const out = redact('j', 'echo Adm1n-pass-2 and Adm1n-pass\nab here', [
      'Adm1n-pass',
      'Adm1n-pass-2',
      'ab',
    ]);
    expect(out.text).toBe('echo [redacted] and [redacted]\nab here');
    expect(out.redactions).toEqual([
      { file: 'j', line: 1, kind: 'known-secret' },
      { file: 'j', line: 1, kind: 'known-secret' },
    ]);
  });

  it('leaves a text without secrets unchanged', () => {
    const cfg = 'localSite=10.0.0.1:8900:controller1\nmode=controller\nmaxMemSize=8\n';
    expect(redact('controller.cfg', cfg)).toEqual({ text: cfg, redactions: [] });
  });
});
