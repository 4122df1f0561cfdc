import { templateTopology, type TemplateOptions } from '../../source/model/template-topology.js';
import type { Topology } from '../../source/model/topology.js';
import { sshPlanner } from '../../source/plan/modes/ssh.js';
import type { Plan, Step } from '../../source/plan/plan.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';

/** `count` private addresses, 10.0.0.80 upwards. */
export function addresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `10.0.0.${80 + i}`);
}

/** A template topology and its real plan (package from a URL, no licence). */
export function planned(options: Partial<TemplateOptions> & Pick<TemplateOptions, 'mode'>): {
  topology: Topology;
  plan: Plan;
} {
  const topology = templateTopology({ addresses: addresses(3), ...options });
  const plan = sshPlanner.deploy({
    topology,
    files: renderFiles(topology, { templates: loadTemplates(), toolVersion: 'test' }),
    packageSource: { kind: 'url', url: 'https://example.invalid/DolphinDB.zip', fileName: 'DolphinDB.zip' },
    licensePath: undefined,
    baseDir: '/',
  });
  return { topology, plan };
}

/** The step with this id, failing the test when the plan has none. */
export function step(plan: Plan, id: string): Step {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in the plan: ${plan.steps.map((s) => s.id).join(', ')}`);
  return found;
}
