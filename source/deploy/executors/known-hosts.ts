import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What known_hosts says about a host's key. */
export type HostKeyVerdict = 'known' | 'unknown' | 'changed';

/** OpenSSH's SHA256 fingerprint of a key blob, as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The host pattern known_hosts uses: `addr`, or `[addr]:port` for a port other than 22. */
export function hostPattern(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/**
 * Checks a presented key against a known_hosts file (plain and hashed `|1|salt|hash` entries,
 * comma-separated patterns, `@revoked` markers). Wildcard patterns are not matched: ddb-setup
 * records exact hosts.
 */
export function checkHostKey(text: string, address: string, port: number, key: Buffer): HostKeyVerdict {
  const pattern = hostPattern(address, port);
  const blob = key.toString('base64');
  let matchedHost = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const revoked = fields[0] === '@revoked';
    if (fields[0]?.startsWith('@')) fields.shift();
    const [hosts = '', , keyBlob = ''] = fields;
    if (!hosts.split(',').some((entry) => entryMatches(entry, pattern))) continue;
    if (keyBlob === blob) return revoked ? 'changed' : 'known';
    matchedHost = true;
  }
  return matchedHost ? 'changed' : 'unknown';
}

function entryMatches(entry: string, pattern: string): boolean {
  if (!entry.startsWith('|1|')) return entry === pattern;
  const [, , salt = '', hash = ''] = entry.split('|');
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(pattern).digest('base64') === hash;
}

/** Reads a known_hosts file; a missing file knows no host. */
export function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Appends a host key, as `ssh` does after the user accepted it. */
export function rememberHostKey(file: string, address: string, port: number, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const type =
    key.readUInt32BE(0) > 0 ? key.subarray(4, 4 + key.readUInt32BE(0)).toString('latin1') : 'ssh-rsa';
  appendFileSync(file, `${hostPattern(address, port)} ${type} ${key.toString('base64')}\n`, { mode: 0o600 });
}
