import { Client } from 'ssh2';

/**
 * Fetches a server's host key the way ssh-keyscan does: the key exchange runs, the key is taken
 * from the verifier, and the connection is dropped before any authentication, so nothing (no key,
 * no password) is offered to a server the user has not trusted yet. Undefined when the host
 * cannot be reached; the real connection then reports why.
 */
export function scanHostKey(address: string, port: number, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const client = new Client();
    let key: Buffer | undefined;
    const finish = () => {
      clearTimeout(timer);
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end();
      resolve(key);
    };
    const timer = setTimeout(finish, timeoutMs);
    client.on('error', finish);
    client.on('close', finish);
    client.connect({
      host: address,
      port,
      username: 'ddb-setup-keyscan',
      readyTimeout: timeoutMs,
      hostVerifier: (presented: Buffer) => {
        key = presented;
        return false;
      },
    });
  });
}
