import { defaultVersion } from '../model/template-topology.js';
import type { DeploymentMode } from '../model/topology.js';
import type { FieldSpec } from '../ui/form.js';
import { fieldError, type Assessment, type Finding } from './wizard-selectors.js';
import type { OptionsDraft } from './wizard-state.js';

const packageChoices = [
  { value: 'official', label: 'official download of the version' },
  { value: 'url', label: 'a URL' },
  { value: 'file', label: 'a local .zip or .tar.gz' },
];

/** The first error or warning of a field, as FieldSpec wants it. */
function messages(findings: readonly Finding[], match: (finding: Finding) => boolean) {
  const error = findings.find((f) => match(f) && f.level === 'error')?.message;
  const warning = findings.find((f) => match(f) && f.level === 'warning')?.message;
  return { ...(error ? { error } : {}), ...(warning && !error ? { warning } : {}) };
}

/**
 * The Options screen's fields for the current answers: server and package, licence, replication,
 * memory and workers, UDP heartbeats, then a volumes field per data node and a public name per host.
 * Placeholders show the value in force when a field is empty.
 */
export function optionsFields(
  options: OptionsDraft,
  assessment: Assessment,
  mode: DeploymentMode | undefined,
): FieldSpec[] {
  // The shape, not the topology: while one answer is invalid the others stay put (issue 13 item 8).
  const { shape: topology, findings, generated } = assessment;
  const mine = findings.filter((f) => f.step === 'options');
  const single = mode === 'single';
  const section = single ? topology?.config?.single : topology?.config?.cluster;
  const inForce = (value: unknown, fallback: string) =>
    value === undefined || value === null ? fallback : String(value);
  const text = (key: keyof OptionsDraft, label: string, rest: Partial<FieldSpec> = {}): FieldSpec => ({
    key,
    label,
    kind: 'text',
    value: String(options[key] ?? ''),
    ...rest,
    ...messages(mine, (f) => f.field === key),
  });
  const fields: FieldSpec[] = [
    text('name', 'Cluster name', {
      placeholder: 'ddb',
      hint: 'Lowercase letters, digits and -; names the directories on each host.',
    }),
    text('version', 'Server version', {
      placeholder: defaultVersion,
      hint: 'The DolphinDB version to install, e.g. 2.00.11.3 or 3.00.2.',
    }),
  ];
  const swarm = mode === 'swarm';
  if (swarm)
    fields.push(
      text('swarmImage', 'Docker image', {
        placeholder: topology?.swarm?.image ?? `dolphindb/dolphindb:v${defaultVersion}`,
        hint: 'The server image every container runs; hosts that have it keep it.',
      }),
      text('imageArchive', 'Image archive', {
        placeholder: 'none: hosts pull it, else this machine sends its copy',
        hint: 'A docker save .tar (or .tar.gz) sent to hosts without the image; no registry is tried.',
      }),
    );
  else
    fields.push({
      key: 'packageKind',
      label: 'Package',
      kind: 'choice',
      value: options.packageKind,
      choices: packageChoices,
      hint: '←→ to change. Hosts without internet get the package from this machine.',
    });
  if (!swarm && options.packageKind !== 'official')
    fields.push(
      text('packageValue', options.packageKind === 'url' ? 'Package URL' : 'Package file', {
        acceptsQuestionMark: options.packageKind === 'url',
        placeholder:
          options.packageKind === 'url'
            ? 'e.g. https://…/DolphinDB_Linux64_V2.00.11.3.zip'
            : 'e.g. ./DolphinDB_Linux64_V2.00.11.3.zip',
        ...messages(mine, (f) => f.field === 'packageValue'),
      }),
    );
  fields.push(
    text('license', 'Licence file', licenceField(assessment)),
    text('deployDir', 'Deploy directory', {
      placeholder: '/opt/dolphindb',
      hint: 'Absolute, ASCII, no spaces; the cluster goes to <dir>/<name>/ on each host.',
    }),
  );
  if (!single)
    fields.push(
      text('replicationFactor', 'Replication factor', {
        placeholder: inForce(topology?.config?.controller?.['dfsReplicationFactor'], '2'),
        hint: 'Copies of each chunk. Raft needs 2+; writes need that many data nodes online.',
      }),
      text('reliabilityLevel', 'Reliability level', {
        placeholder: inForce(topology?.config?.controller?.['dfsReplicaReliabilityLevel'], '2'),
        hint: '0: replicas may share a server · 1: never (survives a server) · 2: spread when possible.',
      }),
    );
  fields.push(
    text('maxMemSize', 'Memory per node (GB)', {
      placeholder: inForce(section?.['maxMemSize'], '8'),
      hint: 'maxMemSize. The community licence allows 8 GB per node.',
    }),
    text('workerNum', 'Workers per node', {
      placeholder: inForce(section?.['workerNum'], '4'),
      hint: 'workerNum: about the number of CPU cores of the host.',
    }),
    {
      key: 'lanCluster',
      label: 'UDP heartbeats',
      kind: 'toggle',
      value: options.lanCluster ? 'yes' : 'no',
      hint: 'lanCluster=1 only on a plain LAN; keep it off on clouds and in Docker.',
      ...messages(mine, (f) => f.field === 'lanCluster'),
    },
  );
  const nodes = topology?.nodes ?? [];
  generated.forEach((key, index) => {
    const node = nodes[index];
    if (!node || (node.mode !== 'datanode' && node.mode !== 'single')) return;
    fields.push({
      key: `volumes:${key}`,
      label: `Volumes ${node.alias}`,
      kind: 'text',
      value: options.volumes[key] ?? '',
      placeholder: "under the node's home",
      hint: 'One absolute directory per physical disk, comma-separated, e.g. /ssd1/data,/ssd2/data.',
      ...messages(
        mine,
        (f) =>
          f.field === 'volumes' &&
          f.path.includes(node.mode === 'single' ? 'volumes' : `${node.alias}.volumes`),
      ),
    });
  });
  for (const host of topology?.hosts ?? [])
    fields.push({
      key: `publicName:${host.name}`,
      label: `Public name ${host.name}`,
      kind: 'text',
      value: options.publicNames[host.name] ?? '',
      placeholder: 'none',
      hint: `The address or domain browsers use for ${host.address} (publicName); a domain for HTTPS.`,
    });
  return fields;
}

/** The draft change a field edit makes. */
export function optionsChange(options: OptionsDraft, key: string, value: string): Partial<OptionsDraft> {
  if (key.startsWith('volumes:')) return { volumes: { ...options.volumes, [key.slice(8)]: value } };
  if (key.startsWith('publicName:'))
    return { publicNames: { ...options.publicNames, [key.slice(11)]: value } };
  if (key === 'lanCluster') return { lanCluster: value === 'yes' };
  if (key === 'packageKind') return { packageKind: value as OptionsDraft['packageKind'] };
  return { [key]: value };
}

export { fieldError };

/**
 * The licence field says what the licence in force allows: while empty, the package's (its
 * placeholder); once given, what the file allows (its hint). Its error, when the layout needs
 * more, comes from wizard-licence.ts.
 */
function licenceField({ licence }: Assessment): Partial<FieldSpec> {
  const limits = licence.limits;
  const allows = limits ? `${limits.maxNodes} nodes, ${limits.maxMemoryPerNode} GB per node` : undefined;
  if (!licence.given)
    return {
      // One line at 80 columns: what the package's licence allows; the hint says whose it is.
      placeholder: `none: the package's${allows ? ` (${allows})` : ''}`,
      hint: `In force: ${licence.name}. A licence file (dolphindb.lic) replaces it on every host.`,
    };
  return {
    hint: licence.summary
      ? `This licence ${licence.summary}.`
      : "The licence file DolphinDB sent you (dolphindb.lic); it replaces the package's on every host.",
  };
}
