import { command } from '../remote/shell.js';
import type { CheckFinding } from './finding.js';
import type { HostExpectation, PlannedPort } from './host-expectations.js';

/** What a temporary listener answers, so a connection is known to have reached it. */
export const probeBanner = 'ddb-setup-probe';

/** How one connection attempt from a host to another host's port ended. */
export type ConnectOutcome = 'reached' | 'refused' | 'timeout' | 'not-tested';

export type ConnectResult = {
  readonly from: string;
  readonly to: string;
  readonly address: string;
  readonly port: PlannedPort;
  readonly outcome: ConnectOutcome;
  /** For not-tested: why (no listener, SSH forwarding disabled…). */
  readonly detail?: string;
};

/**
 * Who must reach whom: every process port of every host, from every other host of the cluster
 * (controllers, agents and data nodes all talk to each other; seed 002 §7 names this as the cause of
 * "Connection timed out" pages).
 */
export function reachabilityPairs(
  expectations: readonly HostExpectation[],
): { from: string; to: HostExpectation }[] {
  return expectations.flatMap((to) =>
    expectations.filter((from) => from.host !== to.host).map((from) => ({ from: from.host, to })),
  );
}

const python = [
  'import os,socket,select,sys,time',
  'end=time.time()+float(sys.argv[1]);ls=[]',
  'print("pid "+str(os.getpid()))',
  'for p in sys.argv[2:]:',
  ' s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)',
  ' try:',
  '  s.bind(("0.0.0.0",int(p)));s.listen(128);ls.append(s);print("listening "+p)',
  ' except OSError:',
  '  print("busy "+p)',
  'print("ready");sys.stdout.flush()',
  'while ls and time.time()<end:',
  ' for s in select.select(ls,[],[],0.5)[0]:',
  '  try:',
  `   c=s.accept()[0];c.sendall(b"${probeBanner}\\n");c.close()`,
  '  except OSError:',
  '   pass',
  // A heartbeat: once ddb-setup has gone, the write fails and the listener ends.
  ' print(".");sys.stdout.flush()',
].join('\n');

const perl = [
  'use IO::Socket::INET;use IO::Select;$|=1;$SIG{PIPE}=sub{exit 0};',
  'my $end=time+shift;my $sel=IO::Select->new;print "pid $$\\n";',
  'for my $p (@ARGV){my $s=IO::Socket::INET->new(LocalAddr=>"0.0.0.0",LocalPort=>$p,Listen=>128,ReuseAddr=>1,Proto=>"tcp");',
  'if($s){$sel->add($s);print "listening $p\\n"}else{print "busy $p\\n"}}',
  'print "ready\\n";',
  `while($sel->count && time<$end){for my $s ($sel->can_read(0.5)){my $c=$s->accept;if($c){print $c "${probeBanner}\\n";close $c}}print ".\\n"}`,
].join('');

/**
 * A temporary listener on the given ports for `seconds` at most, with python3 or else perl (one of
 * them is on nearly every Linux server); prints `listening P`/`busy P`, then `ready`. It answers each
 * connection with the banner and closes it. Without either interpreter it prints `no-listener`.
 */
export function listenerScript(ports: readonly number[], seconds: number): string {
  const args = [String(seconds), ...ports.map(String)];
  return [
    `if command -v python3 >/dev/null 2>&1; then exec ${command('python3', '-c', python, ...args)}`,
    `elif command -v perl >/dev/null 2>&1; then exec ${command('perl', '-e', perl, ...args)}`,
    'else echo no-listener; fi',
  ].join('\n');
}

/**
 * The hosts this machine could not reach were left out of the reachability test: no listener was
 * started there, and no other host was asked to connect to them (29 hosts each waiting out a time
 * limit on every port of a host that is off would only repeat what its ssh error says). One warning
 * each, so the report does not read as if their ports were tested.
 */
export function untestedTargetFindings(hosts: readonly string[]): CheckFinding[] {
  return hosts.map((host) => ({
    level: 'warning',
    host,
    check: 'reachability',
    message: `not tested: this machine could not reach ${host} (its ssh error), so no other host was asked to connect to its ports`,
    fix: `make ${host} reachable over SSH from this machine, then run check again`,
  }));
}

/**
 * Connection results as findings: one error per target host and set of blocked ports, naming every
 * host that cannot reach them (at 30 hosts a port closed to all is one finding, not 29), one
 * warning per pair not tested, one ok per host reached.
 */
export function reachabilityFindings(results: readonly ConnectResult[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const byPair = new Map<string, ConnectResult[]>();
  for (const result of results) {
    const key = `${result.from}\u0000${result.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), result]);
  }
  const okTargets = new Map<string, Set<string>>();
  // Blocked: by target, ports and how they fail, the sources that see it.
  const blocked = new Map<
    string,
    { to: string; address: string; failed: ConnectResult[]; dropped: boolean; from: string[] }
  >();
  for (const group of byPair.values()) {
    const [first] = group;
    if (!first) continue;
    const { from, to, address } = first;
    const failed = group.filter((r) => r.outcome === 'refused' || r.outcome === 'timeout');
    const untested = group.filter((r) => r.outcome === 'not-tested');
    if (failed.length > 0) {
      const dropped = failed.some((r) => r.outcome === 'timeout');
      const key = `${to}\u0000${failed.map((r) => r.port.port).join(',')}\u0000${dropped}`;
      const entry = blocked.get(key) ?? { to, address, failed, dropped, from: [] };
      entry.from.push(from);
      blocked.set(key, entry);
    } else if (untested.length > 0) {
      findings.push({
        level: 'warning',
        host: to,
        check: 'reachability',
        message: `could not test whether ${from} reaches ${to} on ${untested.map((r) => r.port.port).join(', ')}: ${untested[0]?.detail ?? 'not tested'}`,
        fix: `install python3 or perl on ${to} (for a temporary listener), or allow TCP forwarding in ${from}'s sshd (AllowTcpForwarding yes)`,
      });
    } else {
      const reached = okTargets.get(to) ?? new Set<string>();
      reached.add(from);
      okTargets.set(to, reached);
    }
  }
  for (const { to, address, failed, dropped, from } of blocked.values()) {
    const ports = failed.map((r) => `${r.port.port} (${r.port.alias})`).join(', ');
    const list = failed.map((r) => r.port.port).join(',');
    const sources = from.join(', ');
    const addresses = from.length === 1 ? `<${sources}'s address>` : `<the address of each of ${sources}>`;
    findings.push({
      level: 'error',
      host: to,
      check: 'reachability',
      message: `${sources} cannot reach ${to} at ${address} on ${ports}: ${dropped ? 'no answer within the time limit (a firewall drops the packets)' : 'connection refused (a firewall rejects it)'}`,
      fix: `on ${to}, open TCP ${list} to ${sources}: firewall-cmd --permanent --add-port={${list}}/tcp && firewall-cmd --reload  (or: ufw allow proto tcp from ${addresses} to any port ${list})`,
    });
  }
  for (const [to, froms] of okTargets)
    findings.push({
      level: 'ok',
      host: to,
      check: 'reachability',
      message: `its ports are reachable from ${[...froms].join(', ')}`,
    });
  return findings;
}
