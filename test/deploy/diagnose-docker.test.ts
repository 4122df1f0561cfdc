import { describe, expect, it } from 'vitest';
import { diagnoseDocker, transientAttachFailure } from '../../source/deploy/diagnose-docker.js';

describe('Docker refusals', () => {
  it('an overlay address taken or an attachment refused is worth another try; a port in use is not', () => {
    const taken =
      'docker: Error response from daemon: attaching to network failed, make sure your network options are correct and check manager logs: context deadline exceeded.';
    expect(transientAttachFailure(taken)).toBe(true);
    expect(transientAttachFailure('Error response from daemon: Address already in use')).toBe(true);
    const port = 'Error starting userland proxy: listen tcp4 0.0.0.0:8800: bind: address already in use';
    expect(transientAttachFailure(port)).toBe(false);
    expect(diagnoseDocker(port)?.cause).toBe('port 8800 is already in use on the host');
    expect(diagnoseDocker(taken)?.cause).toMatch(/^the container's fixed overlay address is taken/);
  });
});
