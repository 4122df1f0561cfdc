import { plural } from '../../model/plural.js';
import type { RenderedFile } from '../../render/render-files.js';
import type { Step } from '../plan.js';

/*
 * The steps that prepare a host the same way in every mode; each mode decides where things go and
 * what waits for what.
 */

/** Creates the deployment's directory (with ddb-setup's marker) and the directories below it. */
export function prepareStep(
  host: string,
  cluster: string,
  clusterDir: string,
  dirs: readonly string[],
): Step {
  return {
    id: `${host}/prepare`,
    phase: 'prepare',
    host,
    node: null,
    title: 'create directories',
    after: [],
    action: { type: 'prepare-host', cluster, clusterDir, dirs },
  };
}

/** Installs `server.license` at `target` (mode 0600). */
export function licenseStep(host: string, localPath: string, target: string, after: readonly string[]): Step {
  return {
    id: `${host}/license`,
    phase: 'package',
    host,
    node: null,
    title: 'install the licence',
    after,
    action: { type: 'install-license', localPath, target },
  };
}

/** Writes the host's rendered files; undefined when it has none. */
export function filesStep(
  host: string,
  all: readonly RenderedFile[],
  after: readonly string[],
): Step | undefined {
  const files = all.filter((file) => file.host === host);
  if (files.length === 0) return undefined;
  return {
    id: `${host}/configure`,
    phase: 'configure',
    host,
    node: null,
    title: `write ${plural(files.length, 'config or script file', 'config and script files')}`,
    after,
    action: { type: 'write-files', files },
  };
}
