import { command } from '../remote/shell.js';
import type { ConnectOutcome } from './reachability.js';

/**
 * Connects from the host it runs on to each `address:port` given, at most `limit` at a time, each
 * for at most `seconds`, and prints one line per target: `address:port reached|refused|timeout`.
 * Non-blocking sockets in one python3 process: one command per source host instead of a forwarded
 * SSH channel per port (at 30 hosts, 3,480 channels through this machine's one thread cost more
 * than the rest of the check together). Without python3 it prints `no-prober`.
 */
export function proberScript(targets: readonly string[], limit: number, seconds: number): string {
  return [
    `if command -v python3 >/dev/null 2>&1; then exec ${command('python3', '-c', python, String(limit), String(seconds), ...targets)}`,
    'else echo no-prober; fi',
  ].join('\n');
}

const python = [
  'import errno,select,socket,sys,time',
  'lim=int(sys.argv[1]);wait=float(sys.argv[2]);todo=list(sys.argv[3:]);act={};poll=select.poll()',
  'def out(t,r):',
  ' sys.stdout.write(t+" "+r+"\\n")',
  'def start(t):',
  ' a,p=t.rsplit(":",1);s=socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET);s.setblocking(False)',
  ' e=s.connect_ex((a,int(p)))',
  ' if e==0:',
  '  s.close();out(t,"reached")',
  ' elif e in (errno.EINPROGRESS,errno.EAGAIN):',
  '  act[s.fileno()]=(s,t,time.time()+wait);poll.register(s,select.POLLOUT)',
  ' else:',
  '  s.close();out(t,"timeout" if e==errno.ETIMEDOUT else "refused")',
  'while todo or act:',
  ' while todo and len(act)<lim:',
  '  start(todo.pop(0))',
  ' if not act:',
  '  continue',
  ' for fd,ev in poll.poll(50):',
  '  s,t,d=act.pop(fd);poll.unregister(fd);e=s.getsockopt(socket.SOL_SOCKET,socket.SO_ERROR);s.close()',
  '  out(t,"reached" if e==0 else "timeout" if e==errno.ETIMEDOUT else "refused")',
  ' now=time.time()',
  ' for fd,(s,t,d) in list(act.items()):',
  '  if now>d:',
  '   act.pop(fd);poll.unregister(fd);s.close();out(t,"timeout")',
  'sys.stdout.flush()',
].join('\n');

/**
 * The prober's lines as outcomes by `address:port`; undefined when the host has no python3 (the
 * caller tests through SSH forwarding instead). A target without a line was not tested.
 */
export function parseProber(stdout: string): Map<string, ConnectOutcome> | undefined {
  const outcomes = new Map<string, ConnectOutcome>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === 'no-prober') return undefined;
    const match = /^(\S+) (reached|refused|timeout)$/.exec(line.trim());
    if (match?.[1] && match[2]) outcomes.set(match[1], match[2] as ConnectOutcome);
  }
  return outcomes;
}
