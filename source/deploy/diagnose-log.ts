/** A documented start failure recognised in a node's log (facts §9). */
export type Diagnosis = { readonly cause: string; readonly fix: string };

type Rule = { readonly pattern: RegExp; readonly diagnose: (match: RegExpMatchArray) => Diagnosis };

/** Log lines DolphinDB writes when it cannot start, each with its documented cause and fix (facts §9). */
const rules: readonly Rule[] = [
  {
    pattern: /Failed to bind the socket on port (\d+) with error code 98/,
    diagnose: (m) => ({
      cause: `port ${m[1]} is already in use (or the previous process has not exited yet)`,
      fix: `find the process with \`ss -ltnp 'sport = :${m[1]}'\`, stop it or choose another port; after stopping DolphinDB wait about 30 s`,
    }),
  },
  {
    pattern: /Failed to load the nodes file \[([^\]]*)\] with error: The input file is empty/,
    diagnose: (m) => ({
      cause: `the nodes file ${m[1]} starts with a blank line or is empty`,
      fix: 'the first line of cluster.nodes must be `localSite,mode`: re-run ddb-setup deploy to rewrite it',
    }),
  },
  {
    pattern: /The license has expired/,
    diagnose: () => ({
      cause: 'the licence has expired',
      fix: 'get a new licence from DolphinDB and set server.license to it, then deploy again',
    }),
  },
  {
    pattern: /Failed to retrieve machine fingerprint/,
    diagnose: () => ({
      cause: 'the licence cannot read the machine fingerprint',
      fix: 'in Docker, mount /etc (-v /etc:/dolphindb/etc) and keep a fixed hostname',
    }),
  },
  {
    pattern: /Failed to decrypt the message by RSA public key/,
    diagnose: () => ({
      cause: "the node's keys directory is damaged",
      fix: 'stop the controllers, remove <home>/<alias>/keys on every controller and start again',
    }),
  },
  {
    pattern: /incomplete hardstate file|Failed to start DFSMaster/,
    diagnose: () => ({
      cause: "this controller's Raft files are damaged",
      fix: 'once another controller is leader, move this controller’s dfsMetaDir and <home>/<alias>/raft away and start it again',
    }),
  },
  {
    pattern: /exceeds? the (?:maximum )?(?:number of )?nodes|licen[cs]e .*(?:node|limit)/i,
    diagnose: () => ({
      cause: 'the licence does not allow this many nodes',
      fix: 'set server.license to a licence that allows every node of the topology, or remove nodes',
    }),
  },
  {
    pattern: /Cannot open configuration file/,
    diagnose: () => ({
      cause: 'the configuration file cannot be opened (a path with spaces or non-ASCII characters?)',
      fix: 'use a deployDir of ASCII characters without spaces',
    }),
  },
  {
    pattern: /Connection timed out|IO error type 1|closeConnection/,
    diagnose: () => ({
      cause: 'the node cannot reach the other nodes over the network',
      fix: 'open every cluster port between the servers in the firewall (ddb-setup check tests this)',
    }),
  },
  {
    pattern: /Can't find time zone database/,
    diagnose: () => ({
      cause: 'the system has no time zone database',
      fix: 'install tzdata on the host (apt-get install tzdata / yum install tzdata)',
    }),
  },
];

/**
 * The first documented failure in a log tail, reading from the newest line back (the newest start
 * attempt matters). `The socket server ended.` is normal at shutdown and is not a failure.
 */
export function diagnoseLog(lines: readonly string[]): Diagnosis | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    for (const rule of rules) {
      const match = line.match(rule.pattern);
      if (match) return rule.diagnose(match);
    }
  }
  return undefined;
}
