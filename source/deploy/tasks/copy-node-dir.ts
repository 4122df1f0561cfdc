import type { Task } from './task.js';
import { StepError } from '../step-error.js';

/** Not written yet: see plan/change-actions.ts for what it does. */
export const copyNodeDir: Task<'copy-node-dir'> = {
  describe: () => ['(not written yet)'],
  run: () => Promise.reject(new StepError('node-failed', 'copy-node-dir is not written yet')),
};
