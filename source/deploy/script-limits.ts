/**
 * How long the engine waits for remote scripts that normally finish in well under a second
 * (directories, config checksums, launching a node, reading a log) before it calls the host hung.
 * Far above the normal time even on a loaded server, far below a user's patience.
 */
export const quickScriptMs = 60_000;

/**
 * The checksum of a package archive on the host: reading 2 GB from a slow disk (about 30 MB/s)
 * still fits. Unpacking and downloading have no limit: their time depends on the package and the
 * network, and they report progress.
 */
export const archiveChecksumMs = 300_000;
