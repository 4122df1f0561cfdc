import type { ExecResult } from './executor.js';
import { StepError } from './step-error.js';

/** Fails the step with the command's own error output when it exited non-zero. */
export function mustSucceed(result: ExecResult, what: string): void {
  if (result.code === 0) return;
  const detail = result.stderr.trim().split('\n').slice(-3).join(' / ') || `exit code ${result.code}`;
  const fix = /permission denied|operation not permitted/i.test(result.stderr)
    ? 'the SSH user may not write there: use root, a user that owns deployDir, or another deployDir'
    : /no space left/i.test(result.stderr)
      ? 'free disk space on the host, or choose a deployDir on a larger disk'
      : undefined;
  throw new StepError('command-failed', `${what} failed: ${detail}`, fix ? { fix } : {});
}
