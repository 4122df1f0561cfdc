import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { collectBundle } from '../app/collect/collect-bundle.js';
import { tarGz } from '../app/collect/tar-gz.js';
import { closeAll, configuredAdminPassword, defaultAdminPassword, nodeAccess } from '../app/node-access.js';
import { writeTopology } from '../model/write-topology.js';
import type { CommandEnv } from './command-env.js';
import { hostAccess, hostAccessOptions } from './host-access.js';
import { paint } from './output.js';
import { parseOptions } from './parse-options.js';
import { planFromFile } from './plan-from-file.js';
import { toolVersion } from './tool-version.js';
import { UsageError } from './usage-error.js';

/**
 * `collect -f FILE [-o FILE.tar.gz]`: a support bundle (app/collect/collect-bundle.ts), read-only on
 * every host and without the cluster's lock, as `status`. The manifest (what is in it, what was
 * redacted) is printed before the bundle's path, so the user sees what they would send. Exit 0 once
 * the bundle is written, also when hosts could not be reached (the manifest names them).
 */
export async function runCollect(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'collect',
    { file: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, ...hostAccessOptions },
    argv,
  );
  const output = values.output === undefined ? undefined : resolve(env.cwd, values.output);
  // `-o DIR`: the bundle goes into that directory under its own name.
  const intoDir = output !== undefined && existsSync(output) && statSync(output).isDirectory();
  if (output !== undefined && !intoDir) checkOutput(values.output ?? '', output);
  const planned = planFromFile(values.file, env, 'text', 'collect', 'deploy');
  if (typeof planned === 'number') return planned;
  const { topology, plan } = planned;
  const secrets: string[] = [];
  const admin = configuredAdminPassword();
  if (admin !== defaultAdminPassword) secrets.push(admin);
  // A short SSH time limit, as status: a host powered off costs seconds, not minutes.
  const executors = await hostAccess(topology, values, env, undefined, {
    timeoutMs: 3_000,
    onSecret: (secret) => secrets.push(secret),
  });
  let bundle;
  try {
    bundle = await collectBundle({
      topology,
      plan,
      topologyText: planned.file === '-' ? writeTopology(topology) : readFileSync(planned.file, 'utf8'),
      executors,
      access: nodeAccess(executors),
      signal: env.signal ?? new AbortController().signal,
      now: env.now,
      toolVersion,
      secrets,
    });
  } finally {
    await closeAll(executors);
  }
  const target =
    output === undefined || intoDir ? resolve(output ?? env.cwd, `${bundle.root}.tar.gz`) : output;
  const archive = tarGz(bundle.entries, env.now());
  // Owner-only: the bundle holds logs and configs even with the secrets removed.
  writeFileSync(target, archive, { mode: 0o600 });
  env.output.out(bundle.manifest);
  if (bundle.unreachable.length > 0)
    env.output.err(
      `${paint(env.output, 'yellow', '!')} not reached: ${bundle.unreachable.join(', ')} — their part is missing (reasons above)\n`,
    );
  env.output.out(
    `\n${paint(env.output, 'green', '✓')} bundle: ${target} (${(archive.length / 1024).toFixed(1)} KB, ${bundle.entries.length} files)\n` +
      '  Read the manifest above before sending it: every file in it and every secret removed are listed.\n',
  );
  return 0;
}

/** `-o FILE` must name a `.tar.gz` file in a directory that exists. */
function checkOutput(given: string, path: string): void {
  if (!/\.(tar\.gz|tgz)$/.test(path))
    throw new UsageError(`-o ${given}: the bundle is a gzip-compressed tar; name it FILE.tar.gz`);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())
    throw new UsageError(
      `-o ${given}: the directory ${dirname(path)} does not exist; create it or choose another`,
    );
}
