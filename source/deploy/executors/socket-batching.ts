import type { Socket } from 'node:net';

/*
 * The TCP socket under an SSH connection runs without Nagle (see connectSocket), so every write
 * leaves at once, through its own system call. ssh2 writes one SSH packet at a time, at most 32 KiB
 * each (the packet limit OpenSSH sets for a channel): an upload of 120 MB is some 3,700 writes per
 * host, which is most of what the upload costs this process. These two functions group the packets
 * that one piece of work produces into one writev.
 */

/**
 * Corks the socket while ssh2 handles what the host sent, and uncorks it once every listener has
 * run. Most of an upload's packets are written there: each window adjustment from the host
 * releases a few. Call it after login: a 'data' listener added before ssh2's own one would start
 * the socket flowing and take the host's first bytes away from ssh2.
 */
export function corkEachRead(socket: Socket): void {
  socket.prependListener('data', () => {
    socket.cork();
    process.nextTick(() => socket.uncork());
  });
}

/** Runs `write` with the socket corked, so the SSH packets it produces leave in one system call. */
export function corked<T>(socket: Socket, write: () => T): T {
  socket.cork();
  try {
    return write();
  } finally {
    socket.uncork();
  }
}
