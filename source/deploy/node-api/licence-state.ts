import type { NodeEndpoint } from '../../plan/plan.js';
import type { DdbValue } from '../dolphindb/decode.js';
import { ask, type NodeAccess } from './node-session.js';

/** What `license()` reports (facts §5), the fields the licence file's first line also has. */
export type NodeLicence = {
  readonly expiration: number;
  readonly clientName: string;
  readonly maxNodes: number;
  readonly maxMemoryPerNode: number;
  readonly maxCoresPerNode: number;
  readonly version: string;
  readonly authorization: string;
};

/** A node's `license()`; undefined when it does not answer. */
export async function nodeLicence(
  deploy: NodeAccess,
  node: NodeEndpoint,
  signal: AbortSignal,
): Promise<NodeLicence | undefined> {
  const answer = await ask(deploy, node, 'license()', signal);
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || answer instanceof Uint8Array)
    return undefined;
  const d = answer as Record<string, DdbValue>;
  return {
    expiration: Number(d['expiration'] ?? Number.NaN),
    clientName: String(d['clientName'] ?? ''),
    maxNodes: Number(d['maxNodes'] ?? 0),
    maxMemoryPerNode: Number(d['maxMemoryPerNode'] ?? 0),
    maxCoresPerNode: Number(d['maxCoresPerNode'] ?? 0),
    version: String(d['version'] ?? ''),
    authorization: String(d['authorization'] ?? ''),
  };
}

/** `YYYY.MM.DD` of a DolphinDB DATE. */
export function dateText(days: number): string {
  const date = new Date(days * 86_400_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}.${two(date.getUTCMonth() + 1)}.${two(date.getUTCDate())}`;
}

/** Whether two readings of `license()` describe the same licence. */
export function sameLicence(a: NodeLicence | undefined, b: NodeLicence | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
