import { Text, useStdout } from 'ink';
import { useState } from 'react';
import { expandHostList } from '../../model/host-list.js';
import type { DeploymentMode } from '../../model/topology.js';
import { ConfirmBar } from '../../ui/components/ConfirmBar.js';
import { FindingList, findingListHeight } from '../../ui/components/FindingList.js';
import { StepFrame } from '../../ui/components/StepFrame.js';
import { useKeys } from '../../ui/hooks/use-keys.js';
import { moveSelection } from '../../ui/text-edit.js';
import type { Finding } from '../wizard-selectors.js';
import type { HostDraft } from '../wizard-state.js';
import { HostEditor } from './HostEditor.js';
import { HostList, hostRow, type HostTest } from './HostList.js';

export type { HostTest } from './HostList.js';

/** Props of {@link HostsStep}. */
export type HostsStepProps = {
  readonly mode: DeploymentMode | undefined;
  readonly hosts: readonly HostDraft[];
  /** The id the next added host gets (the reducer assigns it). */
  readonly nextHostId: number;
  /** Findings placed on this screen. */
  readonly findings: readonly Finding[];
  readonly tests: Readonly<Record<number, HostTest>>;
  readonly isActive: boolean;
  /** Terminal size: the list shows as many hosts as fit. @default 80 × 24 */
  readonly width?: number;
  readonly height?: number;
  readonly onAdd: () => void;
  readonly onChange: (id: number, changes: Partial<Omit<HostDraft, 'id'>>) => void;
  readonly onRemove: (id: number) => void;
  /** Several servers at once: host `at` takes the first (undefined: all are added at the end). */
  readonly onAddHosts: (at: number | undefined, addresses: readonly string[]) => void;
  readonly onTest: (id: number) => void;
  readonly onSubmit: () => void;
};

/**
 * The servers: a list with each host's SSH target and connection test, and an editor per host.
 * With no host yet, the editor opens at once.
 *
 * @example
 * › P1  10.0.0.80        root@10.0.0.80:22     agent  ✓ connected as root in 0.1 s: Linux 6.1.0
 *   P2  10.0.0.81        root@203.0.113.7:2222 key    ✗ connection refused on 203.0.113.7:2222
 *   + add a host
 *   Continue →
 */
export function HostsStep(props: HostsStepProps) {
  const stdoutColumns = useStdout().stdout.columns;
  const { hosts, findings, tests, isActive } = props;
  const [selected, setSelected] = useState(0);
  // Arriving with one blank host (a new deployment): start typing it at once.
  const [editing, setEditing] = useState<number | undefined>(() =>
    hosts.length === 1 && hosts[0]?.address === '' ? hosts[0].id : undefined,
  );
  const [removing, setRemoving] = useState<number | undefined>();
  // What was wrong with the servers pasted onto the list, until the next key.
  const [pasteProblem, setPasteProblem] = useState<string | undefined>();
  const rows = hosts.length + 2;
  const add = () => {
    props.onAdd();
    setEditing(props.nextHostId);
    setSelected(hosts.length);
  };
  /** A paste onto the list (more than one character at once): its servers are added at the end. */
  const paste = (text: string) => {
    const result = expandHostList(text);
    if (!result.ok) setPasteProblem(result.problem);
    else if (result.addresses.length > 0) {
      props.onAddHosts(undefined, result.addresses);
      setSelected(hosts.length);
    }
  };
  useKeys(
    (input, key) => {
      const moved = moveSelection(selected, rows, key);
      const host = hosts[selected];
      setPasteProblem(undefined);
      if (input.length > 1 && !key.ctrl && !key.meta && !key.return) paste(input);
      else if (moved !== undefined) setSelected(moved);
      else if (input === 'a') add();
      else if (key.return && selected === hosts.length) add();
      else if (key.return && selected === hosts.length + 1) props.onSubmit();
      else if (key.return && host) setEditing(host.id);
      else if (input === 'd' && host) setRemoving(host.id);
      else if (input === 't' && host) props.onTest(host.id);
      else if (input === 'T') hosts.forEach((h) => props.onTest(h.id));
      else return false;
      return true;
    },
    isActive && editing === undefined && removing === undefined,
  );
  // A host's answers (SSH user, key, password) are not lost to one key: d asks first.
  useKeys(
    (input, key) => {
      if (input === 'y' && removing !== undefined) {
        props.onRemove(removing);
        setSelected(Math.max(0, Math.min(selected, hosts.length - 2)));
        setRemoving(undefined);
      } else if (input === 'n' || key.escape || key.return) setRemoving(undefined);
      return true;
    },
    isActive && removing !== undefined,
  );

  const editingIndex = hosts.findIndex((host) => host.id === editing);
  const editingHost = hosts[editingIndex];
  if (editingHost)
    return (
      <StepFrame
        title="Hosts"
        position={{ index: 2, total: 5 }}
        hints={[
          { keys: 'Tab/↑↓', action: 'field' },
          { keys: '←→', action: 'choice' },
          { keys: 'Enter', action: 'next/save' },
          { keys: 'Esc', action: 'done' },
        ]}
      >
        <HostEditor
          host={editingHost}
          name={`P${editingIndex + 1}`}
          findings={findings}
          isActive={isActive}
          onChange={(changes) => props.onChange(editingHost.id, changes)}
          onDone={(how) => {
            setEditing(undefined);
            setSelected(editingIndex);
            if (editingHost.address.trim() === '') props.onRemove(editingHost.id);
            else if (how === 'saved') props.onTest(editingHost.id);
          }}
          onExpand={(addresses) => {
            setEditing(undefined);
            setSelected(editingIndex);
            props.onAddHosts(editingHost.id, addresses);
          }}
        />
      </StepFrame>
    );

  // One width for the list's budget here and its rows there.
  const width = props.width ?? (stdoutColumns || 80);
  const listed = [
    ...(pasteProblem
      ? [{ level: 'error' as const, where: 'Pasted hosts', message: `${pasteProblem}; nothing was added` }]
      : []),
    ...findings
      .filter((f) => f.field === 'hosts' || !hosts.some((h) => f.field?.endsWith(`:${h.id}`)))
      .map((f) => ({ level: f.level, message: f.message })),
  ];
  const current = hosts[selected];
  const removingIndex = hosts.findIndex((host) => host.id === removing);
  const detail = current
    ? hostRow(current, selected, true, { findings, tests, columns: width }).detailLines
    : 0;
  // Title, blank, intro, blank, "↑/↓ more", add, continue, blank, hints: 10 lines besides the hosts.
  const hostRows = Math.max(3, (props.height ?? 24) - 10 - detail - findingListHeight(listed, 3, width));
  return (
    <StepFrame
      title="Hosts"
      position={{ index: 2, total: 5 }}
      hints={[
        { keys: '↑↓', action: 'select' },
        { keys: 'Enter', action: 'edit' },
        { keys: 'a', action: 'add' },
        { keys: 'd', action: 'remove' },
        { keys: 't/T', action: 'test one/all' },
        { keys: 'Esc', action: 'back' },
        { keys: '?', action: 'help' },
      ]}
    >
      <Text>The servers to deploy on{props.mode ? ` (mode ${props.mode})` : ''}:</Text>
      <HostList
        hosts={hosts}
        selected={selected}
        findings={findings}
        tests={tests}
        height={hostRows}
        columns={width}
      />
      <FindingList findings={listed} max={3} />
      {removingIndex >= 0 ? (
        <ConfirmBar
          question={`Remove host P${removingIndex + 1} (${hosts[removingIndex]?.address || 'no address yet'})?`}
          details={['Its address and SSH answers go; the hosts after it move up a name.']}
        />
      ) : null}
    </StepFrame>
  );
}
