import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach } from 'vitest';
import { startCli, type CliProcess } from './cli-process.js';
import { testDeployDir } from './deploy-fixture.js';
import { waitFor, type TestHost, type TestHosts } from './test-hosts.js';

/**
 * `deploy -f FILE --yes` as a running process, for tests that act while it runs (kill it, pull a
 * plug, start another). A test that fails must not leave its deploy running into the next one:
 * after each test, every run still going is stopped by its PID.
 */
export function deployProcesses(hosts: TestHosts, env: NodeJS.ProcessEnv): (file: string) => CliProcess {
  const runs: CliProcess[] = [];
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.done;
    }
  });
  return (file) => {
    const run = startCli(['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile], env);
    runs.push(run);
    return run;
  };
}

/** Resolves once part of the package has arrived on `host` for cluster `name`: the transfer is under way. */
export async function transferUnderWay(host: TestHost, name: string, packageFile: string): Promise<void> {
  const partial = join(
    host.upperDir,
    testDeployDir,
    name,
    'server',
    `${basename(packageFile)}.ddb-setup-part`,
  );
  await waitFor(() => statSync(partial, { throwIfNoEntry: false })?.size, {
    timeoutMs: 60_000,
    intervalMs: 5,
    what: `the transfer to ${host.name} to begin`,
  });
}
