import type { Stats } from 'node:fs';

/** Why a local file could not be read, in words (the system's codes are for programs). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTREG') return (error as Error).message;
  return (error as Error).message ?? 'unreadable';
}

/**
 * An Error (code ENOTREG) for a path that exists but is no regular file, naming what it is: reading
 * a named pipe waits for a writer forever, and a device never ends.
 */
export function notAFile(stat: Stats): (Error & { code: string }) | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
  const what = stat.isFIFO()
    ? 'a named pipe (FIFO)'
    : stat.isCharacterDevice() || stat.isBlockDevice()
      ? 'a device'
      : stat.isSocket()
        ? 'a socket'
        : 'not a regular file';
  return Object.assign(new Error(what === 'not a regular file' ? what : `it is ${what}, not a file`), {
    code: 'ENOTREG',
  });
}
