/**
 * `updateLicense()` on the stand-in (facts §5 online update): a renewed licence with the same client
 * and authorization and limits not smaller is taken at once; one with smaller limits, another
 * client or a trial licence is refused with the node keeping the licence it has.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerError, TestClient } from './client.js';
import { freePort, run, serverDir, standInSuite, tempDir, waitForLog, write } from './harness.js';

standInSuite();

const line = (expiry: string, nodes: number, client = 'Acme', authorization = '3') =>
  `${expiry},16,8,${nodes},${client},0,-1,,${authorization}\n`;

describe('updateLicense', () => {
  it('takes a renewal online and refuses what needs a restart, keeping the licence it runs with', async () => {
    const dir = await serverDir(join(tempDir(), 'server'), line('2042.01.01', 8));
    const port = await freePort();
    write(join(dir, 'dolphindb.cfg'), `localSite=localhost:${port}:local8848\nmode=single\n`);
    run(join(dir, 'dolphindb'), ['-console', '0']);
    await waitForLog(join(dir, 'dolphindb.log'), /Job scheduler initialization completed\./);
    const client = await TestClient.open('127.0.0.1', port);
    try {
      await client.login();
      const expiry = async () => String(await client.value('string(getLicenseExpiration())'));
      expect(await expiry()).toBe('2042.01.01');

      write(join(dir, 'dolphindb.lic'), line('2043.06.30', 8));
      await client.script('updateLicense()');
      expect(await expiry()).toBe('2043.06.30');

      for (const [text, why] of [
        [line('2044.01.01', 4), 'maxNodes is smaller'],
        [line('2044.01.01', 8, 'Other'), 'the clientName differs'],
        [line('2044.01.01', 8, 'Acme', '2'), 'a trial license'],
      ] as const) {
        write(join(dir, 'dolphindb.lic'), text);
        await expect(client.script('updateLicense()')).rejects.toThrow(ServerError);
        await expect(client.script('updateLicense()')).rejects.toThrow(why);
        expect(await expiry()).toBe('2043.06.30');
      }
    } finally {
      client.close();
    }
  });
});
