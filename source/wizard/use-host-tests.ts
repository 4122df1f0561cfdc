import { useCallback, useState } from 'react';
import type { HostTest } from './steps/HostList.js';
import type { WizardServices } from './wizard-services.js';
import { initialWizardState, type HostDraft } from './wizard-state.js';
import { withHostNames } from './kept-rows.js';
import { buildDraftTopology } from './wizard-topology.js';

type Kept = HostTest & { readonly signature: string };

/** What a test result depends on: a result stays shown only while these fields are unchanged. */
function signature(host: HostDraft): string {
  return JSON.stringify([
    host.address,
    host.sshAddress,
    host.user,
    host.port,
    host.auth,
    host.identityFile,
    host.password,
  ]);
}

/**
 * Connection tests per host: `test(host)` connects the way deploy will (one host, nothing
 * changed on it) and keeps the result until one of the host's fields changes.
 */
export function useHostTests(services: Pick<WizardServices, 'testConnection'>) {
  const [results, setResults] = useState<Readonly<Record<number, Kept>>>({});
  const test = useCallback(
    /** `name`: the host's name in the list (P2…), so that messages name the host they are about. */
    (host: HostDraft, name = 'P1') => {
      const sign = signature(host);
      const put = (result: HostTest) =>
        setResults((all) => ({ ...all, [host.id]: { ...result, signature: sign } }));
      // A one-host topology built like the real one, so the test uses the same user, port and key.
      const built = buildDraftTopology({ ...initialWizardState(), mode: 'single', hosts: [host] });
      const { problems } = built;
      const topology = built.topology && withHostNames(built.topology, [name]);
      if (!topology) {
        put({ status: 'failed', message: problems[0]?.message ?? 'the host is not complete' });
        return;
      }
      put({ status: 'testing', message: `connecting to ${host.sshAddress || host.address}…` });
      services.testConnection(topology, name, host.auth === 'password' ? host.password : undefined).then(
        (result) =>
          put({
            status: result.ok ? 'ok' : 'failed',
            message: result.newHostKey
              ? `${result.message}; new host key ${result.newHostKey}`
              : result.message,
            ...(result.fix ? { fix: result.fix } : {}),
          }),
        (error: unknown) =>
          put({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    },
    [services],
  );
  /** Tests the host with this id, as typed now. */
  const testHost = (hosts: readonly HostDraft[], id: number) => {
    const index = hosts.findIndex((h) => h.id === id);
    const host = hosts[index];
    if (host) test(host, `P${index + 1}`);
  };
  /** Results that still match the hosts as typed now. */
  const current = (hosts: readonly HostDraft[]): Record<number, HostTest> =>
    Object.fromEntries(
      hosts.flatMap((host) => {
        const kept = results[host.id];
        return kept && kept.signature === signature(host) ? [[host.id, kept]] : [];
      }),
    );
  return { test, testHost, current };
}
