import type { DeploymentMode, Topology } from '../model/topology.js';
import type { FieldSpec } from '../ui/form.js';
import { countsPerHost, formatHostCounts } from './layout-counts.js';
import { fieldError, type Assessment } from './wizard-selectors.js';
import type { LayoutDraft } from './wizard-state.js';

/** The values in force, shown as placeholders while a field is empty. */
function inForce(topology: Topology | undefined) {
  const nodes = topology?.nodes ?? [];
  const perHost = (mode: 'datanode' | 'computenode') =>
    topology ? formatHostCounts(countsPerHost(topology, mode)) : '';
  return {
    controllers: String(nodes.filter((n) => n.mode === 'controller').length),
    datanodes: perHost('datanode'),
    computenodes: perHost('computenode'),
    basePort: nodes.length > 0 ? String(Math.min(...nodes.map((n) => n.port))) : '',
  };
}

/** The count fields of a mode: single has only its port; cluster has one controller. */
export function layoutFields(
  mode: DeploymentMode | undefined,
  layout: LayoutDraft,
  assessment: Assessment,
): FieldSpec[] {
  const defaults = inForce(assessment.shape);
  const errors = assessment.findings.filter((f) => f.step === 'layout');
  const field = (key: keyof typeof defaults, label: string, hint: string): FieldSpec => {
    const error = fieldError(errors, key);
    return {
      key,
      label,
      kind: 'text',
      value: layout[key],
      placeholder: defaults[key],
      hint,
      ...(error ? { error } : {}),
    };
  };
  const raft = mode === 'ha' || mode === 'pseudo-ha' || mode === 'swarm';
  return [
    ...(raft
      ? [
          field(
            'controllers',
            'Controllers',
            'Raft needs an odd number, 3 or more (tolerates fewer than half down).',
          ),
        ]
      : []),
    ...(mode === 'single'
      ? []
      : [
          field(
            'datanodes',
            'Data nodes per host',
            'Data nodes store the data. One count for all hosts, or one per host: 2,1,1.',
          ),
          field(
            'computenodes',
            'Compute nodes per host',
            'Run queries, store no data (1.30.14/2.00.1+). One for all, or per host: 0,1,1.',
          ),
        ]),
    field(
      'basePort',
      'Base port',
      'Ports are given out from here on each host: controllers, then agent, data, compute nodes.',
    ),
  ];
}

/** Alias and port fields per process, for the `e` editor. */
export function nodeFields(layout: LayoutDraft, assessment: Assessment): FieldSpec[] {
  const nodes = assessment.shape?.nodes ?? [];
  return assessment.generated.flatMap((generated, index) => {
    const node = nodes[index];
    const issue = assessment.findings.find(
      (f) => f.field === `node:${index}` && f.level === 'error',
    )?.message;
    const portError = fieldError(assessment.findings, `port:${generated}`);
    return [
      {
        key: `alias:${generated}`,
        label: `${node?.mode ?? ''} on ${node?.host ?? ''}`,
        kind: 'text' as const,
        value: layout.aliases[generated] ?? '',
        placeholder: generated,
        ...(issue ? { error: issue } : {}),
      },
      {
        key: `port:${generated}`,
        label: '  port',
        kind: 'text' as const,
        value: layout.ports[generated] ?? '',
        placeholder: String(node?.port ?? ''),
        ...(portError ? { error: portError } : {}),
      },
    ];
  });
}
