/**
 * changePwd on a single node (users.ts): it changes the logged-in user's password, so the old one
 * is refused and the new one logs in; mistakes are refused with a message and change nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerError, TestClient } from './client.js';
import { freePort, run, serverDir, standInSuite, tempDir, waitForLog, write } from './harness.js';

standInSuite();

async function startSingle(): Promise<number> {
  const dir = await serverDir(join(tempDir(), 'server'));
  const port = await freePort();
  write(join(dir, 'dolphindb.cfg'), `localSite=localhost:${port}:local8848\nmode=single\n`);
  run(join(dir, 'dolphindb'), ['-console', '0']);
  await waitForLog(join(dir, 'dolphindb.log'), /Job scheduler initialization completed\./);
  return port;
}

/** Runs `script` in a fresh session after logging in with `password` (none: not logged in). */
async function attempt(port: number, script: string, password?: string): Promise<string> {
  const client = await TestClient.open('127.0.0.1', port);
  try {
    if (password !== undefined) await client.login('admin', password);
    await client.script(script);
    return 'ok';
  } catch (error) {
    if (error instanceof ServerError) return error.message;
    throw error;
  } finally {
    client.close();
  }
}

describe('changePwd', () => {
  it('changes the logged-in user password: the old one is refused, the new one logs in', async () => {
    const port = await startSingle();
    expect(await attempt(port, 'changePwd("123456", "N3w-pass")')).toBe(
      'changePwd("123456", "N3w-pass") => Login is required to change the password.',
    );
    expect(await attempt(port, 'changePwd("wrong", "N3w-pass")', '123456')).toMatch(
      / => The old password is incorrect\.$/,
    );
    expect(await attempt(port, 'changePwd("123456", "has space")', '123456')).toMatch(
      / => The new password cannot contain spaces or control characters\.$/,
    );
    // None of the refused calls changed anything.
    expect(await attempt(port, 'version()', '123456')).toBe('ok');

    expect(await attempt(port, 'changePwd("123456", "N3w-pass")', '123456')).toBe('ok');
    expect(await attempt(port, 'version()', '123456')).toMatch(/The user name or password is incorrect\./);
    expect(await attempt(port, 'startDataNode(["x"])', 'N3w-pass')).toMatch(/Only master supports/);
  });
});
