import type { Task } from './task.js';
import { StepError } from '../step-error.js';

/** Not written yet: see plan/change-actions.ts for what it does. */
export const verifyDatabases: Task<'verify-databases'> = {
  describe: () => ['(not written yet)'],
  run: () => Promise.reject(new StepError('node-failed', 'verify-databases is not written yet')),
};
