import type { StepError } from '../step-error.js';

/** How to reach and log in to one host. Secrets live only in this object, in memory. */
export type SshTarget = {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly identityFile?: string;
  /** Read from the terminal at run time; never written anywhere. */
  readonly password?: string;
  readonly passphrase?: string;
  /**
   * Decides whether the host key is acceptable (the known_hosts policy); a refusal carries the
   * message to show. Absent, any key is accepted (tests of throwaway hosts only).
   */
  readonly checkHostKey?: (key: Buffer) => StepError | undefined;
  readonly timeoutMs?: number;
};
