import type { Diagnosis } from './diagnose-log.js';

type Rule = { readonly pattern: RegExp; readonly diagnose: (match: RegExpMatchArray) => Diagnosis };

/**
 * Docker's own refusals when a container is created or started (seen on real engines: the fixed
 * address taken by an overlay endpoint, a published port in use, an image that is not there, an
 * open-files limit above the engine's), each with its cause and what to do.
 */
const rules: readonly Rule[] = [
  // A published port first: its message says `address already in use` too.
  {
    pattern:
      /(?:port is already allocated|bind for [\d.:]+:(\d+) failed|listen tcp\d?\s*[\d.:[\]]*:(\d+): bind: address already in use)/i,
    diagnose: (m) => ({
      cause: `port ${m[1] ?? m[2] ?? ''} is already in use on the host`.replace(
        /port {2}/,
        'a published port ',
      ),
      fix: `find the process with \`ss -ltnp 'sport = :${m[1] ?? m[2] ?? 'PORT'}'\` and stop it, or give the node another port`,
    }),
  },
  {
    pattern: /Address already in use|could not allocate IP|attaching to network failed/i,
    diagnose: () => ({
      cause:
        "the container's fixed overlay address is taken (by another container, or by a host's endpoint on the network)",
      fix: 'give the overlay an --ip-range outside the fixed addresses (swarm.ipRange; ddb-setup creates new networks so), or pin another ip on this node',
    }),
  },
  {
    pattern: /No such image|pull access denied|manifest unknown|repository does not exist/i,
    diagnose: () => ({
      cause: 'the image is not on the host',
      fix: 'run deploy again (it loads the image first), or docker load it on the host',
    }),
  },
  {
    pattern: /error setting rlimit/i,
    diagnose: () => ({
      cause: "the container asks for more open files than the Docker engine's own limit",
      fix: 'raise LimitNOFILE of docker.service (systemctl edit docker), then systemctl restart docker',
    }),
  },
  {
    pattern: /network [\w.-]+ not found/i,
    diagnose: () => ({
      cause: 'the overlay network is not known on this host',
      fix: 'run deploy again: it creates the network on the manager, and the host must be in the swarm (docker node ls)',
    }),
  },
];

/** The first Docker refusal recognised in the output, if any. */
export function diagnoseDocker(output: string): Diagnosis | undefined {
  for (const rule of rules) {
    const match = output.match(rule.pattern);
    if (match) return rule.diagnose(match);
  }
  return undefined;
}

/**
 * Whether Docker refused a container only for its overlay address or network attachment, which
 * on a swarm is often transient: the address of a container removed moments before is released by
 * the manager asynchronously, and a worker may not yet know a just-created network. Worth trying
 * again after a pause; a real clash fails the same way again.
 */
export function transientAttachFailure(stderr: string): boolean {
  return diagnoseDocker(stderr)?.cause.startsWith("the container's fixed overlay address") === true;
}
