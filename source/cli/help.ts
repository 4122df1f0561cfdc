/**
 * The answer flags `template` and `wizard` share (cli/answer-flags.ts), by the wizard screen that
 * asks each question.
 */
const answerFlagsHelp = `Mode and servers (Mode, Hosts):
  --mode MODE              single | cluster | pseudo-ha | ha | swarm
  --hosts ADDR[,ADDR…]     intranet address of each server, in order (named P1, P2, …); a range of
                           the last number counts up: 10.0.0.80-82 is 10.0.0.80,10.0.0.81,10.0.0.82
  --ssh-user USER          SSH user of every server (default: your user name)
  --ssh-port PORT          SSH port (default 22)
  --identity-file PATH     SSH private key (default: ssh-agent, then ~/.ssh/id_rsa, id_ecdsa, id_ed25519)
                           (a password is never a flag: the wizard asks for it, deploy --ask-password)
Layout:
  --controllers N          controllers: 1 for cluster, an odd number ≥ 3 for Raft (default 3)
  --datanodes N|N,N,…      data nodes per host, or one count per host in order (default 1;
                           pseudo-ha on one host 3; swarm 2)
  --computenodes N|N,N,…   compute nodes per host, or per host in order (default 1 in ha, else 0)
  --base-port P            first port (default 8848 single, 8900 cluster/swarm, 8800 ha/pseudo-ha)
Options:
  --name NAME              cluster name, used in directory and container names (default ddb)
  --server-version V       DolphinDB version (default 2.00.11.3)
  --package URL|PATH       server package (default: the official download of the version)
  --license PATH           licence file to install (default: keep the package's, community)
  --deploy-dir DIR         where everything goes on each server (default /opt/dolphindb)
  --replication-factor N   dfsReplicationFactor: copies of each chunk (default 2 with Raft or 2+
                           data nodes, else 1)
  --reliability-level L    dfsReplicaReliabilityLevel: 0 replicas may share a server, 1 never
                           (survives losing one), 2 spread when possible
  --max-mem-size GB        maxMemSize of each node, in GB (default 8; the community licence's limit)
  --workers N              workerNum of each node (default 4; about its CPU cores)
  --lan-cluster            lanCluster=1: UDP heartbeats, only on a plain LAN (not clouds or Docker)
  --volumes ALIAS=DIR[,DIR…]
                           data volumes of a data node, one directory per disk; once per data node
                           (mode single: --volumes DIR[,DIR…])
  --public-name HOST=NAME  publicName of a server (P1 or its address), the name browsers use;
                           once per server (one server: --public-name NAME)
  --image IMAGE            mode swarm: the server image (default dolphindb/dolphindb:v<version>)
  --image-archive PATH     mode swarm: a docker save archive sent to hosts without the image
`;

/** Help texts, one per command; the README's command reference is the same text. */
export const helpTexts: Record<string, string> = {
  main: `ddb-setup — deploy DolphinDB: single node, cluster, pseudo-HA, multi-server HA or Docker Swarm

Usage: ddb-setup <command> [options]
       ddb-setup            on a terminal: the interactive wizard

Commands:
  wizard     answer questions, review every file, deploy with live progress (-f FILE opens a topology)
  template   print a complete topology file for a mode and a list of servers
  validate   check a topology file against every rule DolphinDB documents
  render     print or export every file a deployment writes, per host
  plan       print every step and remote command a deployment would run, touching nothing
  check      pre-flight: ports, disks, directories, reachability between hosts, clocks, licence
  deploy     carry out the plan on the hosts, verify the cluster; run again to resume
  upgrade    move a running cluster to another DolphinDB version (rolling on HA), as deploy does
  status     show every node's state and the Raft leader
  collect    a support bundle (.tar.gz): hosts, configs and drift, logs, diagnoses; secrets removed
  start      start the cluster, or one node (--node ALIAS)
  stop       stop the cluster, or one node, gracefully (SIGTERM and wait)
  destroy    stop everything and remove what ddb-setup created on the hosts (data kept unless --data)
  admin-password  change DolphinDB's admin password (initially 123456) on the leader controller

Options:
  --help, -h     show help (also after a command: ddb-setup render --help)
  --version      print the version

Exit codes: 0 success, 1 the topology has errors, 2 the file or the command line is unusable,
4 another run acts on the same cluster (deploy, start, stop, destroy and check lock it on every host).
Set NO_COLOR=1 to turn colour off.
`,
  template: `Usage: ddb-setup template --mode MODE --hosts ADDR[,ADDR…] [answers]

Prints a complete, valid topology (YAML) to standard output. Review it, then validate and deploy.
Every question the wizard asks has its flag here, checked by the same rules; a value that does not
fit says which flag to change and how.

${answerFlagsHelp}
Examples:
  ddb-setup template --mode ha --hosts 10.0.0.80,10.0.0.81,10.0.0.82 > ha.yaml
  ddb-setup template --mode ha --hosts 10.0.0.80-82 --datanodes 2 --max-mem-size 16 --workers 8 \\
      --license ./dolphindb.lic --volumes datanode1=/ssd1/dn1,/ssd2/dn1 \\
      --public-name P1=ddb1.example.com
  ddb-setup template --mode single --hosts 10.0.0.80 --volumes /ssd1/ddb --max-mem-size 8
`,
  validate: `Usage: ddb-setup validate -f FILE [--format text|json]

Checks a topology file (- for standard input). Nothing is contacted or changed.

  -f, --file FILE     the topology file
  --format FORMAT     text (default) or json: {"issues":[{"level","path","code","message","line","column"}]}
                      (line and column where the file has a place for the issue, as in the text)

Exit codes: 0 valid (warnings allowed), 1 errors, 2 the file cannot be read or parsed.
`,
  render: `Usage: ddb-setup render -f FILE [-o DIR] [--format text|json]

Shows every file the deployment would write on each host: DolphinDB's config files, start and
stop scripts, and for swarm the container scripts. Nothing is contacted.

  -f, --file FILE     the topology file
  -o, --output DIR    also write the files to DIR/<host>/<absolute path> (an existing file that
                      differs is kept as FILE.bak-<time>)
  --format FORMAT     text (default) or json: {"files":[{"host","node","kind","path","contents"}]}

Exit codes as validate.
`,
  plan: `Usage: ddb-setup plan -f FILE [--operation OP] [--data] [--offline] [--from VERSION [--allow-downgrade]] [--format text|json] [options]

Prints the deployment plan: for each host the directories, the package transfer (skipped when the
same package is already unpacked there), the licence and the config files; then the start order
(controllers, a Raft leader, agents, data and compute nodes through the leader) and the final
check, with every remote command. Nothing is changed.

When the cluster is deployed (every deploy leaves the topology it applied on the hosts), plan first
prints the changes FILE makes against it (nodes added, removed, moved, config keys), each with how
it is applied and its cost, and the drift: nodes in the controllers' cluster.nodes that ddb-setup did
not put there. Hosts that cannot be reached are named; the plan is printed all the same.

  -f, --file FILE     the topology file (server.package and server.license are relative to it)
  --operation OP      deploy (default), start, stop or destroy: the plan of that command
  --data              with --operation destroy: the plan of destroy --data
  --format FORMAT     text (default) or json: {"plan":{…,"steps":[…]},"deployed":{"state","readFrom",
                      "notRead"},"changes":[{"kind","what","how","cost","deployApplies"}],"drift":[…]}
  --offline           read no host: the steps alone
  --from VERSION      the upgrade deploy runs when the hosts run VERSION (deploy reads that on the
                      hosts): rolling on HA, else stop-all (ddb-setup upgrade)
  --known-hosts FILE  host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes           accept and remember host keys never seen before
  --ask-password, --password-stdin   the SSH password, as for deploy

Exit codes as validate. In mode swarm the plan forms or joins the swarm, creates the overlay
network, makes the image present on every host and starts the containers in the same order.
`,
  check: `Usage: ddb-setup check -f FILE [--format text|json] [--all] [--fix] [options]

The pre-flight gate deploy runs first, on its own. Reads every host (one SSH session each) and
changes nothing: SSH login and sudo, Linux and CPU architecture against the package, the commands
the deployment runs, the deploy directory (writable; never someone else's data), free disk, every
process's port, every cluster port reachable from every other host (through a temporary listener),
memory against maxMemSize, the open files limit, the clock spread between hosts (500 ms at most),
and the licence (expiry, node limit, memory per node). A host that does not answer within 3 s is
reported once and left out of the rest, its ports untested from the others (a warning says so).

  -f, --file FILE       the topology file
  --format FORMAT       text (default) or json: {"ok":…,"findings":[{level,host,check,message,fix}]}
  --all                 also list the checks that passed
  --fix                 offer the fixes ddb-setup can make (an unwritable deploy directory through
                        passwordless sudo, the open files limit), showing the exact commands first
  -y, --yes             accept and remember new host keys (fingerprints printed); run --fix's commands
                        without asking
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts); a changed key stops
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)

On a terminal, a host key never seen before is shown with its SHA256 fingerprint and remembered only
after you confirm it; nothing is sent to that host before.
Exit codes: 0 no errors (warnings allowed), 1 errors (deploy would refuse), 2 unusable.
`,
  deploy: `Usage: ddb-setup deploy -f FILE [--yes] [--format text|json] [options]

Runs the pre-flight checks of \`ddb-setup check\` and refuses while any error stands (warnings need
a confirmation or --yes). Then carries out the plan (see \`ddb-setup plan\`) on every host in
parallel, and checks the cluster:
every node up and, for Raft, one leader. Each step first looks at the host's real state, so running
deploy again after a failure or Ctrl-C continues where it stopped, and running it on a healthy
deployment changes nothing. Files it replaces are kept as FILE.bak-<time>; a directory ddb-setup
did not create is never written into. On a deployed cluster it first reads what is deployed (see
\`ddb-setup plan\`) and refuses, changing nothing, when FILE adds, removes or moves nodes or
controllers (not applied yet), or when cluster.nodes was changed outside ddb-setup. Last, it
records the topology it applied on every host.

  -f, --file FILE          the topology file
  -y, --yes                do not ask for confirmation; accept and remember host keys never seen
                           before (their SHA256 fingerprints are printed)
  --format FORMAT          text (default: one line per step) or json (a report at the end)
  --known-hosts FILE       host keys to trust (default ~/.ssh/known_hosts); a changed key stops
  --ask-password           ask for the SSH password on the terminal (kept in memory only)
  --password-stdin         read the SSH password from the first line of standard input (for scripts)
  --concurrency N          steps running at once across hosts (default 8)
  --start-timeout SECONDS  how long a node may take to come up (default 120)
  --admin-password-stdin   read DolphinDB's admin password from standard input (its first line)
  --allow-downgrade        go back to an older server.version than the hosts run (else refused)

deploy reads first what version the hosts run (each node's version(), each start script's server
directory). When server.version differs, it upgrades as \`ddb-setup upgrade\` says; a changed
server.license is applied to the running nodes with updateLicense(), or by restarting them one at a
time when DolphinDB refuses it online (another client, smaller limits, a trial licence).

Hosts on a loopback address are deployed directly, without SSH. SSH uses the key in ssh.identityFile
or ssh-agent. The DolphinDB administrator login (for startDataNode) is admin/123456 unless
--admin-password-stdin or DDB_ADMIN_PASSWORD gives another; when DolphinDB refuses it, ddb-setup asks
on a terminal, and elsewhere the step fails naming --admin-password-stdin.
A journal of each run is kept in the user's config directory (DDB_SETUP_CONFIG_DIR overrides it).
Exit codes: 0 deployed and verified, 1 topology errors or a step failed, 2 unusable, 130 aborted.
`,
  upgrade: `Usage: ddb-setup upgrade -f FILE --to VERSION [--package P] [--allow-downgrade] [--dry-run] [deploy options]

Deploys FILE with server.version VERSION (and server.package P), FILE itself unchanged: what
changing them in the file and running deploy does. The hosts are read first (each node's version()).
Refused before anything changes: an older version without --allow-downgrade, a package named for
another version, a licence whose license().version is older than VERSION.
On HA (Raft controllers, dfsReplicationFactor >= 2, no server with a majority of the controllers or
every data node) the upgrade is rolling, server by server with the cluster up: every chunk COMPLETE,
stop that server's nodes, back up dfsMeta and CHUNK_METADATA to <dir>_BAK-<old version>, switch its
start scripts to server/VERSION/ (unpacked beside the old one, which is kept), start, wait until no
chunk is RECOVERING; then the next. Otherwise every node stops and starts again: downtime, said
before the confirmation. The end checks pnodeRun(version) and every controller's and agent's version().
dolphindb.lic and the .cfg files are not replaced. Deploying the old version again goes back to it.

  --to VERSION             the DolphinDB version to run, e.g. 2.00.12.3
  --package P              its package (.zip path or URL; default server.package or the official URL)
  --allow-downgrade        VERSION may be older than what runs
  --dry-run                read the hosts, print the plan it would run, change nothing
  (and every option of deploy: --yes, --format, --known-hosts, --start-timeout, …)

Exit codes: 0 upgraded and verified (or --dry-run), 1 refused or a step failed, 2 unusable, 130 aborted.
`,
  wizard: `Usage: ddb-setup wizard [-f FILE | answers]

The interactive wizard (also what \`ddb-setup\` alone opens on a terminal): choose a mode, add the
servers (with a live SSH test per host), lay out the processes, set the options, review every file
with its validation issues, then deploy with live progress per host and get the addresses to use.
It writes the same topology file the other commands read, and remembers recent files and SSH
answers (never a password) in the user's config directory.

  -f, --file FILE       open this topology file on the Preview screen, exactly as written
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)

Host keys: a server whose key is new to known_hosts shows the key's SHA256 fingerprint when the
Hosts screen tests it (t). New keys are accepted and remembered in known_hosts, with no question
per key, once you confirm the deployment on Preview (Enter, then y); a key that changed always stops.

Answers: every question has a flag, the same as \`ddb-setup template\` takes. Given answers fill in
their screens, and the wizard opens on the first screen with a question left (or an answer to fix);
Esc goes back to every earlier screen. A value that does not fit is refused before the wizard opens.

${answerFlagsHelp}
Examples:
  ddb-setup wizard --mode ha --hosts 10.0.0.80-82            opens on Layout
  ddb-setup wizard --mode ha --hosts 10.0.0.80-82 --datanodes 2 --max-mem-size 16
                                                           opens on Preview, ready to deploy

Keys: arrows, Enter, Esc (back, nothing typed is lost), Tab (next field), ? (help on every screen),
Ctrl-C (quit; asks first while a deployment runs). NO_COLOR=1 turns colour off.
Needs a terminal on standard input and output; in scripts use template and deploy --yes.
Exit codes: 0 deployed and verified, 1 the file has errors it cannot be opened with, 2 unusable, 130 quit.
`,
  status: `Usage: ddb-setup status -f FILE [--format text|json] [--watch [--interval SECONDS]] [options]

Shows every node of the topology: host, alias, mode, state and the Raft leader. A state is what was
seen, never assumed: up (the node answered through its own host), down (its port refused there, or
the controllers see it down) or unknown with the reason (its host not reached, the login refused, a
changed host key — the words deploy uses). The leader is the one the controllers name, and who named
it. Answers within seconds even when a host is down.
  -f, --file FILE       the topology file
  --format FORMAT       text (default) or json
  --watch               ask again and again until Ctrl-C, over the same connections
  --interval SECONDS    with --watch: the pause after each round, 1 to 3600 (default 2)
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts); on a terminal a new key is
                        shown with its fingerprint and remembered only when you confirm it
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)

--watch on a terminal redraws the table in place under a header: when it was refreshed and what
changed since the round before (e.g. "datanode3 up → down", "P7 not reached"); the last table stays
on the screen after Ctrl-C. Without a terminal each round is printed as a block starting
"— round N at HH:MM:SS (took T s): …", or with --format json as one JSON document per line (the
document below plus "round", "time" and "changes"). Every round asks every node again: a host that
stops answering turns its nodes unknown within seconds. Ctrl-C ends the watch with the exit code of
the last finished round (3 when none finished).

While admin/123456 (DolphinDB's default) still logs in on the leader it warns, with the fix:
\`ddb-setup admin-password\`.
Each answering node's licence expiry (getLicenseExpiration()) is in the JSON as \`licence\`
({"expires","daysLeft"}); within 15 days of it (or once expired) a warning line names the nodes and
the fix (set server.license to the renewed file and deploy, which applies it online).

JSON: {"cluster","mode","leader","leaderNamedBy","leaderNote","defaultAdminPassword",
       "nodes":[{"host","alias","mode","state","reason","source","leader"}],"unreachable":[{"host","reason","fix"}]}
      reason: why the node is not up (null when up); source: node, controllers or host
      defaultAdminPassword: true while admin/123456 logs in, false once changed, null when no
      controller (or single node) answered
Exit codes: 0 every node up, 1 some node down (every state known) or topology errors, 2 unusable,
3 some node's state unknown (see the reasons).
`,
  collect: `Usage: ddb-setup collect -f FILE [-o FILE.tar.gz] [options]

Writes a support bundle to send to whoever helps you. From every host at once, read-only (nothing
is changed, no lock is taken): OS, kernel, CPU, memory, disks, limits, clock offset, listening
ports, the deployment's processes; every file ddb-setup wrote and, where the host's copy differs,
that copy and a diff; the tail of each node log (at most 2000 lines, 256 KB) and each failed node's
start failure diagnosed; status as JSON; versions; this machine's journal of the deployment.
Passwords, the licence's signature lines, private keys and tokens are removed before anything is
written. The manifest — every file in the bundle and every redaction (file, line, kind), hosts not
reached, nodes not up, config drift — is printed before the bundle's path: read it before sending.
A host that cannot be reached is named in the manifest; the rest is still collected.
  -f, --file FILE       the topology file
  -o, --output FILE     where to write the bundle: FILE.tar.gz, or a directory to write it into
                        (default ./ddb-setup-collect-NAME-TIME.tar.gz)
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)

Exit codes: 0 the bundle was written (also with hosts not reached), 1 topology errors, 2 unusable.
`,
  start: `Usage: ddb-setup start -f FILE [--node ALIAS] [--format text|json]

Starts the cluster in the documented order (controllers, a leader, agents, then data and compute
nodes through the leader), or only the node ALIAS. Nodes already running are left alone.

  -f, --file FILE       the topology file
  --node ALIAS          only this node
  --format FORMAT       text (default) or json
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)
  --admin-password-stdin  read DolphinDB's admin password from standard input (see deploy --help)

Exit codes as deploy.
`,
  stop: `Usage: ddb-setup stop -f FILE [--node ALIAS] [--format text|json]

Stops data and compute nodes through the leader (stopDataNode), then agents, then controllers,
each with SIGTERM and a wait (stop.sh; never SIGKILL first), or only the node ALIAS. A host that
cannot be reached does not stop the rest: everything reachable is stopped in that order, and each
process left running is named with why (no answer, login refused, host key changed); exit 1.

  -f, --file FILE       the topology file
  --node ALIAS          only this node
  --format FORMAT       text (default) or json
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)
  --admin-password-stdin  read DolphinDB's admin password from standard input (see deploy --help)

Exit codes as deploy.
`,
  destroy: `Usage: ddb-setup destroy -f FILE [--data] [--confirm NAME] [--format text|json]

Shows what it will stop and remove on each host, asks you to type the cluster's name, then stops
every process gracefully (the order of stop) and removes from each host what ddb-setup created
there, and nothing else: the config files and scripts it wrote (with the .bak- copies it kept), the
package files it unpacked, its partial files, the directories it made once they are empty, and its
marker. A file it did not create stays, and so does every directory holding one (with its marker,
so that the directory stays known as ddb-setup's). Each process's directory (its data, metadata,
Raft log and logs) is kept unless --data. In mode swarm: the containers, then the overlay network
(if ddb-setup created it), then each host leaves the swarm only where ddb-setup joined or formed it
(the manager only when nothing else is in the swarm); the image stays. A host that cannot be
reached is named; run destroy again once it can be: it finishes what is left (a data node there that
no leader can stop any more is stopped on its host: SIGTERM and a wait), and on a destroyed
cluster it says there is nothing to do. \`ddb-setup plan -f FILE --operation destroy\` prints every
command first.

  -f, --file FILE       the topology file
  --data                also delete each process's directory (its data) under the cluster directory
  --confirm NAME        the cluster's name, for scripts (without a terminal it is required);
                        --yes does not answer this question
  --format FORMAT       text (default) or json: {"ok","aborted","nothingToDo","hosts":{HOST:
                        ["removed PATH","kept PATH: why",…]},"steps":[…],"journal"}
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)
  --admin-password-stdin  read DolphinDB's admin password from standard input (see deploy --help)

Exit codes: 0 destroyed (or nothing left to do), 1 a step failed or the typed name was wrong
(nothing changed then), 2 unusable command line (--confirm missing or not the cluster's name:
nothing changed), 4 another run acts on the cluster.
`,
  'admin-password': `Usage: ddb-setup admin-password -f FILE [--new-password-stdin] [options]

Changes the password of DolphinDB's administrator (admin, initially 123456) with changePwd on the
leader controller (the node itself in mode single), where the cluster keeps its users, then checks
that admin/123456 is refused and the new password logs in. The new password is typed twice without
echo; it is never taken from the command line and never written to a file, a log or the journal.

  -f, --file FILE       the topology file
  --new-password-stdin  read the new password from standard input (its first line), for scripts
  --known-hosts FILE    host keys to trust (default ~/.ssh/known_hosts)
  -y, --yes             accept and remember host keys never seen before (fingerprints printed)
  --ask-password        ask for the SSH password on the terminal (kept in memory only)
  --password-stdin      read the SSH password from the first line of standard input (for scripts)

The current password is 123456 unless DDB_ADMIN_PASSWORD says otherwise; when DolphinDB refuses it,
it is asked for on a terminal. The new one may not be empty, 123456, or contain spaces or control
characters. Afterwards start, stop and deploy ask for it on a terminal; in scripts pass it with
--admin-password-stdin (or DDB_ADMIN_PASSWORD).
Example: ddb-setup admin-password -f ha.yaml --new-password-stdin < new-password-file
Exit codes: 0 changed and verified, 1 not changed (see the message) or topology errors, 2 unusable.
`,
};
