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
  /** How long the SSH greeting and login may take (default 10 s); also the TCP connect's without connectTimeoutMs. */
  readonly timeoutMs?: number;
  /**
   * How long the TCP connection to the SSH port may take to open: on a network where a handshake
   * takes milliseconds, a host that has not answered in a second or two is off or cut off, and
   * status and check should say so then rather than after a slow login's allowance.
   */
  readonly connectTimeoutMs?: number;
};
