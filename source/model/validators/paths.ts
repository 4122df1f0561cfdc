import { findParameter } from '../config-catalogue/parameters.js';
import { error, type Issue } from '../issues.js';
import type { ConfigSectionName } from '../topology.js';
import { configPath, type ValidationContext } from './context.js';

/**
 * DolphinDB fails to start when a path has spaces or non-ASCII characters (facts §1.1, seed 002 §2);
 * configs need absolute paths. We also keep shell-special characters out, since paths go into
 * start scripts and remote commands.
 */
const safePath = /^\/[A-Za-z0-9._+@/<>-]*$/;

/** Why a path is unusable, or undefined when it is fine. `<ALIAS>` is allowed only in config values. */
export function pathProblem(path: string, allowAliasMacro = false): string | undefined {
  if (path.length === 0) return 'it is empty';
  if (!path.startsWith('/')) return 'it is not absolute (start it with /)';
  if (/\s/.test(path)) return 'it contains a space, and DolphinDB fails to start on such paths';
  // eslint-disable-next-line no-control-regex -- the point is to find non-ASCII characters
  if (/[^\x00-\x7F]/.test(path))
    return 'it contains non-ASCII characters, and DolphinDB fails to start on such paths';
  if (!allowAliasMacro && /[<>]/.test(path)) return 'it contains < or >';
  if (!safePath.test(path)) return 'it contains characters other than letters, digits and . _ + @ - /';
  if (path.split('/').includes('..')) return 'it contains ".."';
  if (path === '/' || /^\/+$/.test(path)) return 'it is the root directory';
  return undefined;
}

/** deployDir (file and per host) and swarm.dataDir. */
export function checkDeployPaths({ topology }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  const check = (path: string, value: string | undefined): void => {
    if (value === undefined) return;
    const problem = pathProblem(value);
    if (problem)
      issues.push(
        error(path, 'invalid-path', `${path} "${value}" cannot be used: ${problem}; e.g. /opt/dolphindb`),
      );
  };
  check('deployDir', topology.deployDir);
  topology.hosts.forEach((host, index) => check(`hosts[${index}].deployDir`, host.deployDir));
  if (topology.swarm) check('swarm.dataDir', topology.swarm.dataDir);
  return issues;
}

/** Path-valued keys of the catalogue in the config sections (`volumes` may list several, comma-separated). */
export function checkConfigPaths({ topology }: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  for (const section of ['controller', 'agent', 'cluster', 'single'] as ConfigSectionName[]) {
    for (const [key, value] of Object.entries(topology.config?.[section] ?? {})) {
      const type = findParameter(key.slice(key.indexOf('.') + 1))?.type;
      if ((type?.kind !== 'path' && type?.kind !== 'paths') || value === null) continue;
      for (const part of String(value).split(',')) {
        // Some are resolved against the node's home when relative (moduleDir=modules).
        const relative = type.kind === 'path' && type.relative === true && !part.trim().startsWith('/');
        const problem = pathProblem(relative ? `/${part.trim()}` : part.trim(), true);
        if (problem) {
          issues.push(
            error(
              configPath(section, key),
              'invalid-path',
              `${key} "${part.trim()}" cannot be used: ${problem}`,
            ),
          );
          break;
        }
      }
    }
  }
  return issues;
}
