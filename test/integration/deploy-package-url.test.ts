/**
 * A server package given by URL: a host that can reach it downloads it itself; a host that cannot
 * gets ddb-setup's one local copy, uploaded and verified. The URL server runs on this machine, on
 * the test hosts' bridge address (reachable from the hosts) or on loopback (reachable only here).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { resetHosts, standInPackage, testDir, writeTestTopology } from '../helpers/deploy-fixture.js';
import { assertBuilt } from '../helpers/run-cli.js';
import { testHostsFrom } from '../helpers/test-hosts.js';

const hosts = testHostsFrom(inject('testHosts'));
const h1 = hosts.host(1);
const dir = testDir('deploy-url');
const env = { DDB_SETUP_CONFIG_DIR: dir };
let packageFile = '';
const servers: Server[] = [];
const requests: string[] = [];

/** Serves the package file at /<name> on `address`; records who asked. */
async function serve(address: string): Promise<string> {
  const server = createServer((request, response) => {
    requests.push(`${request.socket.remoteAddress} ${request.url}`);
    response.writeHead(200, { 'content-length': statSync(packageFile).size });
    createReadStream(packageFile).pipe(response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return `http://${address}:${(server.address() as AddressInfo).port}/${packageFile.split('/').pop()}`;
}

beforeAll(() => {
  assertBuilt();
  packageFile = standInPackage(dir);
});
afterAll(async () => {
  for (const server of servers) server.close();
  await resetHosts(hosts);
});

async function deployWith(url: string, name: string) {
  const file = writeTestTopology(dir, name, { mode: 'single', hosts: [h1], packageFile: url });
  return startCli(['deploy', '-f', file, '--yes', '--known-hosts', hosts.knownHostsFile], env).done;
}

describe('a package given by URL', { timeout: 120_000 }, () => {
  it('is downloaded by the host itself when the host can reach it', async () => {
    await resetHosts(hosts, [h1]);
    requests.length = 0;
    // The bridge's address: the machine's side of the test network.
    const result = await deployWith(await serve('10.250.0.1'), 'url-direct');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/transfer .*: done \(downloaded by the host\)/);
    expect(requests).toEqual([
      expect.stringMatching(new RegExp(`^(::ffff:)?${h1.address.replaceAll('.', '\\.')} /`)),
    ]);
  });

  it('is downloaded once by ddb-setup and uploaded when the host cannot reach it', async () => {
    await resetHosts(hosts, [h1]);
    requests.length = 0;
    // Loopback: only this machine reaches it; on the host the same address is the host's own.
    const result = await deployWith(await serve('127.0.0.1'), 'url-relay');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('cannot download');
    expect(result.stdout).toMatch(/transfer .*: done \(uploaded and verified\)/);
    expect(requests).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1 \//)]);
  });
});
