/** Help texts, one per command; the README's command reference is the same text. */
export const helpTexts: Record<string, string> = {
  main: `ddb-setup — deploy DolphinDB: single node, cluster, pseudo-HA, multi-server HA or Docker Swarm

Usage: ddb-setup <command> [options]

Commands:
  template   print a complete topology file for a mode and a list of servers
  validate   check a topology file against every rule DolphinDB documents
  render     print or export every file a deployment writes, per host

Options:
  --help, -h     show help (also after a command: ddb-setup render --help)
  --version      print the version

Exit codes: 0 success, 1 the topology has errors, 2 the file or the command line is unusable.
Set NO_COLOR=1 to turn colour off.
`,
  template: `Usage: ddb-setup template --mode MODE --hosts ADDR[,ADDR…] [options]

Prints a complete, valid topology (YAML) to standard output. Review it, then validate and deploy.

  --mode MODE              single | cluster | pseudo-ha | ha | swarm
  --hosts ADDR[,ADDR…]     intranet address of each server, in order (named P1, P2, …)
  --name NAME              cluster name, used in directory and container names (default ddb)
  --server-version V       DolphinDB version (default 2.00.11.3)
  --package URL|PATH       server package (default: the official download of the version)
  --license PATH           licence file to install (default: keep the package's)
  --datanodes N            data nodes per host (default 1; pseudo-ha on one host 3; swarm 2)
  --computenodes N         compute nodes per host (default 1 in ha, else 0)
  --controllers N          controllers: 1 for cluster, an odd number ≥ 3 for Raft (default 3)
  --base-port P            first port (default 8848 single, 8900 cluster/swarm, 8800 ha/pseudo-ha)
  --deploy-dir DIR         where everything goes on each server (default /opt/dolphindb)
  --ssh-user USER          SSH user (default: your user name)
  --ssh-port PORT          SSH port (default 22)
  --identity-file PATH     SSH private key (default: ssh-agent)

Example:
  ddb-setup template --mode ha --hosts 10.0.0.80,10.0.0.81,10.0.0.82 > ha.yaml
`,
  validate: `Usage: ddb-setup validate -f FILE [--format text|json]

Checks a topology file (- for standard input). Nothing is contacted or changed.

  -f, --file FILE     the topology file
  --format FORMAT     text (default) or json: {"issues":[{"level","path","code","message"}]}

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
};
