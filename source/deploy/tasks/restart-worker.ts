import type { Task } from './task.js';
import { StepError } from '../step-error.js';

/** Not written yet: see plan/change-actions.ts for what it does. */
export const restartWorker: Task<'restart-worker'> = {
  describe: () => ['(not written yet)'],
  run: () => Promise.reject(new StepError('node-failed', 'restart-worker is not written yet')),
};
