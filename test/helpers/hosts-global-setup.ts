/**
 * Global set-up of the `integration` vitest project: starts 3 test hosts once for every suite,
 * provides their description (`inject('testHosts')`, then testHostsFrom(…) for the controls) and
 * removes them after the run. Set DDB_TEST_HOSTS_DOCKER=1 to give each host its own dockerd.
 *
 * Clean-up is by PID and name (test/hosts/hosts-down.sh): in the teardown, in a process 'exit'
 * handler when the run is interrupted, and before the next start when a run was killed outright.
 */
import type { TestProject } from 'vitest/node';
import {
  requireRoot,
  startTestHosts,
  stopAllTestHostsSync,
  type TestHostsDescription,
} from './test-hosts.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testHosts: TestHostsDescription;
  }
}

const count = 3;

function seconds(startMs: number): string {
  return `${((performance.now() - startMs) / 1000).toFixed(2)} s`;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireRoot('The integration tests');
  const docker = process.env['DDB_TEST_HOSTS_DOCKER'] === '1';
  // This process owns the hosts for the whole run; the workers (which restart them in the
  // harness's own tests) inherit the variable and act on its behalf.
  process.env['DDBT_OWNER_PID'] = String(process.pid);
  const startedAt = performance.now();
  const hosts = await startTestHosts({ count, docker });
  console.log(`test hosts: ${count} hosts${docker ? ' with Docker' : ''} up in ${seconds(startedAt)}`);

  const onExit = (): void => {
    const error = stopAllTestHostsSync();
    if (error) process.stderr.write(`test hosts: clean-up at exit failed: ${error}\n`);
  };
  process.once('exit', onExit);
  project.provide('testHosts', hosts.description);

  return async () => {
    const stoppingAt = performance.now();
    process.off('exit', onExit);
    await hosts.stop();
    console.log(`test hosts: ${count} hosts torn down in ${seconds(stoppingAt)}`);
  };
}
