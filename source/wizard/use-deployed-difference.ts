import { useEffect, useRef, useState } from 'react';
import type { Topology } from '../model/topology.js';
import type { DeployedReading } from './difference-view.js';
import type { WizardServices } from './wizard-services.js';

/**
 * What is deployed against `topology`, read from the hosts while `active` (Preview is open): read
 * again whenever the topology or its file changes, the read before cancelled (its answer would be
 * about another topology). Undefined while not active or without a topology.
 */
export function useDeployedDifference(
  services: Pick<WizardServices, 'readDeployedDifference'>,
  topology: Topology | undefined,
  file: string,
  passwords: ReadonlyMap<string, string>,
  active: boolean,
): DeployedReading | undefined {
  const key = active && topology ? JSON.stringify([file, topology]) : undefined;
  const [kept, setKept] = useState<{ readonly key: string; readonly reading: DeployedReading }>();
  // The latest values, read when the key changes: the passwords' map is new on every render.
  const latest = useRef({ services, topology, file, passwords });
  latest.current = { services, topology, file, passwords };
  useEffect(() => {
    const { services: read, topology: wanted, file: path, passwords: typed } = latest.current;
    if (key === undefined || !wanted) return;
    const controller = new AbortController();
    const put = (reading: DeployedReading) => {
      if (!controller.signal.aborted) setKept({ key, reading });
    };
    read
      .readDeployedDifference({
        topology: wanted,
        topologyFile: path,
        passwords: typed,
        signal: controller.signal,
      })
      .then(
        (difference) => put({ status: 'read', difference }),
        // The service names unreachable hosts itself; anything else is shown as not read, not thrown.
        (error: unknown) =>
          put({
            status: 'read',
            difference: {
              state: 'unknown',
              notRead: [
                { host: 'hosts', reason: error instanceof Error ? error.message : String(error), fix: null },
              ],
            },
          }),
      );
    return () => controller.abort();
  }, [key]);
  if (key === undefined) return undefined;
  return kept?.key === key ? kept.reading : { status: 'reading' };
}
