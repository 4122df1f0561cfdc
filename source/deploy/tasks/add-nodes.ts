import type { Task } from './task.js';
import { StepError } from '../step-error.js';

/** Not written yet: see plan/change-actions.ts for what it does. */
export const addNodes: Task<'add-nodes'> = {
  describe: () => ['(not written yet)'],
  run: () => Promise.reject(new StepError('node-failed', 'add-nodes is not written yet')),
};
