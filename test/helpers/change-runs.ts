/**
 * What the tests of changes to a running cluster do again and again, through the built program and
 * a raw API client: deploy a topology file (timed), ask its status, talk to one node.
 */
import { TestClient } from '../stand-in/client.js';
import { startCli, type CliProcess } from './cli-process.js';
import { runCli } from './run-cli.js';

/** The built program against one set of test hosts, with a config directory of the test's own. */
export function changeRuns(knownHostsFile: () => string, env: NodeJS.ProcessEnv) {
  const access = () => ['--known-hosts', knownHostsFile()];
  const deployRun = (file: string): CliProcess => startCli(['deploy', '-f', file, '--yes', ...access()], env);
  return {
    deployRun,
    /** `deploy --yes`, with how long it took. */
    async deploy(file: string) {
      const started = Date.now();
      const result = await deployRun(file).done;
      return { ...result, ms: Date.now() - started };
    },
    plan: (file: string) => runCli(['plan', '-f', file, ...access()], { env }),
    status(file: string): ClusterStatus {
      const result = runCli(['status', '-f', file, ...access(), '--format', 'json'], { env });
      return JSON.parse(result.stdout) as ClusterStatus;
    },
  };
}

export type ClusterStatus = {
  leader: string | null;
  nodes: { alias: string; state: string; host: string }[];
};

/** A session on one node, logged in as the administrator, closed after `use`. */
export async function withClient<T>(
  address: string,
  port: number,
  use: (client: TestClient) => Promise<T>,
): Promise<T> {
  const client = await TestClient.open(address, port);
  try {
    await client.login();
    return await use(client);
  } finally {
    client.close();
  }
}
