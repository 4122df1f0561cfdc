import type { Task } from './task.js';
import { StepError } from '../step-error.js';

/** Not written yet: see plan/change-actions.ts for what it does. */
export const removeWorkers: Task<'remove-workers'> = {
  describe: () => ['(not written yet)'],
  run: () => Promise.reject(new StepError('node-failed', 'remove-workers is not written yet')),
};
