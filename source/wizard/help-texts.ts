import type { DeploymentMode } from '../model/topology.js';
import type { WizardStep } from './wizard-state.js';

/** Each mode in one line: what it is, what it survives, when to choose it (README, seeds 000–003). */
export const modeChoices: readonly { mode: DeploymentMode; label: string; description: string }[] = [
  {
    mode: 'single',
    label: 'Single node',
    description: 'One standalone server. Survives nothing; choose it to try DolphinDB or to develop.',
  },
  {
    mode: 'cluster',
    label: 'Cluster, one controller',
    description:
      'Data nodes on several servers, one controller: the controller is a single point of failure. Scale without HA.',
  },
  {
    mode: 'pseudo-ha',
    label: 'Pseudo-HA (1–2 servers)',
    description:
      'Three Raft controllers on one or two servers: survives a controller process failure, not the loss of its server.',
  },
  {
    mode: 'ha',
    label: 'Multi-server HA (3+ servers)',
    description:
      'A Raft controller on each of three or more servers, replicas on different servers: survives losing any one server.',
  },
  {
    mode: 'swarm',
    label: 'Docker Swarm',
    description:
      'Every process in a container on a Swarm overlay network with fixed addresses; the swarm is formed and the image sent to the servers for you. With 3 controllers on 3 servers it survives losing one.',
  },
];

/** The community licence's limits, said once on the Mode screen (facts §5; validated as warnings). */
export const licenceNote =
  'Community licence: 3 nodes (controllers, data and compute nodes; agents do not count), 8 GB each. More needs an enterprise licence file (Options).';

/** What `?` shows on each screen. */
export const helpTexts: Record<WizardStep, readonly string[]> = {
  welcome: [
    'Start a new deployment, open a topology file you saved, or resume one whose deployment did not finish.',
    'The wizard writes the same topology file `ddb-setup deploy -f FILE` reads: every answer has a file twin.',
    '↑↓ choose · Enter open · Ctrl-C quit',
  ],
  mode: [
    'Pick how many servers and how much failure the cluster must survive.',
    'HA needs three servers (a Raft majority must survive); pseudo-HA protects against a process failure only.',
    'The same choice as `ddb-setup template --mode MODE`.',
    '↑↓ choose · Enter continue · Esc back',
  ],
  hosts: [
    'Add each server: the intranet address the nodes use, and how SSH reaches it (address, user, port).',
    'Many servers at once: paste a column of addresses (one per line), or type a list or a range (10.0.0.1-30) into an address; each gets the SSH answers of the host it went into.',
    'Deploy dir: only for a server that installs somewhere else than the Options screen says (another disk).',
    'Log in with ssh-agent or your default keys (~/.ssh/id_rsa, id_ecdsa, id_ed25519, as ssh does), a key file, or a password (asked here and kept in memory only, never saved).',
    't tests the selected host the way deploy connects; the result says exactly what failed.',
    '↑↓ select · Enter edit · a add · d remove · t test · T test all · Esc back',
    'In the editor: Tab/↓ next field · Shift-Tab/↑ previous · ←→ change a choice · Enter next/save · Esc done',
  ],
  layout: [
    'How many data and compute nodes each server runs, how many controllers (Raft: an odd number ≥ 3), and the first port.',
    'A count is one number for every server, or one per server in order: 2,1,1 runs 2 on P1 and 1 on P2 and P3.',
    'Ports are assigned from the base port per server; clashes are marked ✗ next to the process.',
    'e edits aliases and ports one by one. Same as template --datanodes --computenodes --controllers --base-port.',
    'Tab/↑↓ field · Enter next · Esc back',
  ],
  options: [
    'Server version and package (official download, a URL, or a local .zip), licence file, where to install.',
    'Replication factor: copies of each chunk (Raft needs 2+; writes need that many data nodes online).',
    'Reliability level: 0 replicas may share a server, 1 must not (survives a server), 2 spread when possible.',
    'Volumes: one directory per physical disk, comma-separated. Public names: the address browsers use (publicName).',
    'lanCluster=1 uses UDP heartbeats; keep 0 on clouds and Docker. Tab/↑↓ field · ←→ choice · Space toggle',
  ],
  preview: [
    'Every file the deployment writes on each server, and the topology file itself, with issues next to their lines.',
    '←→ file · Tab/Shift-Tab next/previous server · ↑↓ PgUp PgDn scroll · s save the topology · x export topology and files to a directory',
    'Enter, then y: saves the topology, runs the pre-flight check, then deploys.',
    'Host keys: a server new to ~/.ssh/known_hosts shows its key’s SHA256 fingerprint when Hosts tests it (t); new keys are accepted and remembered there, with no question per key, once you confirm the deployment (Enter, then y); a changed key always stops.',
    'Esc goes back to change answers; an opened file stays exactly as written until you change one.',
  ],
  check: [
    'The pre-flight check of every server before anything changes: logins, ports, directories, disks,',
    'reachability between the servers, clocks and the licence. A clean check goes straight on to Deploy.',
    'Errors stop the deployment: fix them (each shows how) and press r to check again. Enter deploys despite warnings.',
    '↑↓ scroll · r re-check · Esc back to the preview',
  ],
  deploy: [
    'One pane per server; a line per process with its current step, time, transfer progress and last output.',
    'The first line counts the servers working, failed and done. Failed panes come first, finished ones take one line. A failure shows its cause and fix.',
    '↑↓ select pane · Enter open it whole (Enter again: its log, Esc closes) · l full log · f a failure in full · r retry (resumes: every step re-checks) · a abort · Esc back when stopped',
  ],
  results: [
    'Where the cluster answers, how clients connect with high availability, and the commands to manage it.',
    'Change the admin password first if it is still the default: p asks for the new one twice and runs changePwd on the leader controller.',
    '↑↓ PgUp PgDn scroll when it does not fit · Enter/q quit · p change admin password · Esc back to the preview',
  ],
};
