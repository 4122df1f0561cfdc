import { expandHostList } from '../model/host-list.js';
import { UsageError } from './usage-error.js';

/**
 * `--hosts` as a list of addresses (model/host-list.ts: commas, ranges such as `10.0.0.80-82`),
 * or a usage error naming the flag, the entry and the fix.
 */
export function expandHosts(text: string): string[] {
  const result = expandHostList(text);
  if (!result.ok) throw new UsageError(`--hosts ${result.problem}`);
  return [...result.addresses];
}
