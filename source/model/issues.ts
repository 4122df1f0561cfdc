/** Severity of a validation finding: errors block deployment, warnings do not. */
export type IssueLevel = 'error' | 'warning';

/**
 * One finding about a topology. `path` names the field (`nodes[3].port`), `code` is stable for
 * scripts, and `message` says what to change.
 */
export type Issue = {
  readonly level: IssueLevel;
  readonly path: string;
  readonly code: string;
  readonly message: string;
};

/** Builds an error issue. */
export function error(path: string, code: string, message: string): Issue {
  return { level: 'error', path, code, message };
}

/** Builds a warning issue. */
export function warning(path: string, code: string, message: string): Issue {
  return { level: 'warning', path, code, message };
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.level === 'error');
}

/** Formats a path array the way issues name fields: `nodes[3].port`, `config.cluster["a.b"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
