import { command, quote } from './shell.js';

/*
 * The Docker commands mode swarm runs on a host, built here so that `ddb-setup plan` prints what
 * `deploy` runs. Go templates are quoted whole: `{{…}}` never reaches the shell unquoted.
 */

/**
 * One line: the swarm state (`inactive`, `active`, `pending`, `error`, `locked`), whether the node
 * is a manager, its node id, then the node ids of the managers it knows.
 */
export function swarmStateScript(): string {
  return command(
    'docker',
    'info',
    '--format',
    '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}{{range .Swarm.RemoteManagers}} {{.NodeID}}{{end}}',
  );
}

export function swarmInitScript(address: string): string {
  return command('docker', 'swarm', 'init', '--advertise-addr', address);
}

/** Prints the worker join token (a secret: never shown, logged or recorded). */
export function joinTokenScript(): string {
  return command('docker', 'swarm', 'join-token', '-q', 'worker');
}

/** Joins as a worker; Docker takes the token only as an argument. */
export function swarmJoinScript(token: string, managerAddress: string): string {
  return command('docker', 'swarm', 'join', '--token', token, `${managerAddress}:2377`);
}

/** Swarm join tokens (SWMTKN-1-…), so that none reaches a journal or a message. */
export const swarmTokenPattern = /SWMTKN-[0-9A-Za-z-]+/g;

/** Prints the image id; exits non-zero when the host has not got the image. */
export function imageStateScript(image: string): string {
  return command('docker', 'image', 'inspect', '--format', '{{.Id}}', image);
}

export function pullScript(image: string): string {
  return command('docker', 'pull', '-q', image);
}

/** Loads a `docker save` archive (tar, or compressed), then removes it: it was only in transit. */
export function loadImageScript(archive: string): string {
  return `${command('docker', 'load', '-q', '-i', archive)} && rm -f ${quote(archive)}`;
}

/** `running 0`, `exited 137`, …; exits non-zero when there is no such container. */
export function containerStateScript(container: string): string {
  return command('docker', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', container);
}

export function containerLogsScript(container: string, lines: number): string {
  return `${command('docker', 'logs', '--tail', String(lines), container)} 2>&1`;
}

/**
 * Stops a running container gracefully: SIGTERM to its main process (the DolphinDB node, exec'ed
 * by the entrypoint), then up to `seconds` for it to exit before Docker kills it.
 */
export function stopContainerScript(container: string, seconds: number): string {
  const name = quote(container);
  return [
    `if ! state=$(docker inspect --format '{{.State.Status}}' ${name} 2>/dev/null); then echo "${container} does not exist"`,
    `elif [ "$state" = running ] || [ "$state" = restarting ]; then docker stop -t ${seconds} ${name} > /dev/null && echo "${container} stopped"`,
    `else echo "${container} is not running"; fi`,
  ].join('\n');
}

/**
 * One line per swarm node, asked of a manager: its address (the manager's own may read 0.0.0.0,
 * hence also its management address), state, availability and role.
 */
export function nodeListScript(): string {
  const format =
    '{{.Status.Addr}} {{if .ManagerStatus}}{{.ManagerStatus.Addr}}{{else}}-{{end}} {{.Status.State}} {{.Spec.Availability}} {{if .ManagerStatus}}{{if .ManagerStatus.Leader}}leader{{else}}{{.ManagerStatus.Reachability}}{{end}}{{else}}worker{{end}} {{.Description.Hostname}}';
  return `docker node ls -q | xargs -r ${command('docker', 'node', 'inspect', '--format', format)}`;
}

/**
 * Removes a stopped container that mounts `cfgDir` (the deployment's configs): a container of that
 * name mounting anything else is not this deployment's and is left (exit 3). Prints `removed`,
 * `absent`; a container still running is not removed (exit 4): destroy stops it first.
 */
export function removeContainerScript(container: string, cfgDir: string): string {
  const name = quote(container);
  return [
    `if ! mounts=$(docker inspect --format '{{range .Mounts}}{{.Source}} {{end}}' ${name} 2>/dev/null); then echo absent; exit 0; fi`,
    `case " $mounts" in *${quote(` ${cfgDir} `)}*) ;; *) echo ${quote(`${container} does not mount ${cfgDir}: it is not this deployment's, left alone`)} >&2; exit 3 ;; esac`,
    `if [ "$(docker inspect --format '{{.State.Running}}' ${name})" = true ]; then echo ${quote(`${container} is still running`)} >&2; exit 4; fi`,
    `docker rm ${name} > /dev/null && echo removed`,
  ].join('\n');
}

/** Removes a network by name; prints `removed` or `absent`. Docker refuses one still in use. */
export function removeNetworkScript(network: string): string {
  const name = quote(network);
  return `if ! docker network inspect ${name} > /dev/null 2>&1; then echo absent; else docker network rm ${name} > /dev/null && echo removed; fi`;
}

/** A worker leaves its swarm (its containers are gone: nothing of the swarm runs here). */
export function swarmLeaveScript(): string {
  return command('docker', 'swarm', 'leave');
}

/** On a manager: forgets a node that left (`--force`: it may not yet show as down). */
export function nodeRemoveScript(nodeId: string): string {
  return `${command('docker', 'node', 'rm', '--force', nodeId)} > /dev/null`;
}

/** On a manager: how many nodes and services its swarm has, as `NODES SERVICES`. */
export function swarmContentsScript(): string {
  return 'echo "$(docker node ls -q | wc -l) $(docker service ls -q | wc -l)"';
}

/** The manager of a swarm with nothing else in it leaves it, which ends the swarm. */
export function swarmEndScript(): string {
  return command('docker', 'swarm', 'leave', '--force');
}
