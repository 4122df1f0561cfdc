import { describe, expect, it, vi } from 'vitest';
import { AdminLogin } from '../../source/deploy/node-api/admin-login.js';
import { DdbError, withoutSecrets } from '../../source/deploy/dolphindb/client.js';
import { StepError } from '../../source/deploy/step-error.js';

/** A session that accepts only `password`, as DolphinDB's login does. */
const sessionFor = (password: string) => ({
  login: vi.fn(async (_user: string, tried: string) => {
    if (tried !== password) throw new DdbError('The user name or password is incorrect.');
  }),
});

describe('AdminLogin', () => {
  it('logs in with the password it has', async () => {
    const session = sessionFor('123456');
    await new AdminLogin('admin', '123456', { fix: 'x' }).logIn(session);
    expect(session.login).toHaveBeenCalledWith('admin', '123456');
  });

  it('refused and nobody to ask: a login-refused StepError carrying the fix', async () => {
    const login = new AdminLogin('admin', '123456', { fix: 'pass --admin-password-stdin' });
    const error = await login.logIn(sessionFor('other')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).failure).toMatchObject({
      kind: 'login-refused',
      message: 'DolphinDB refused the admin login: The user name or password is incorrect.',
      fix: 'pass --admin-password-stdin',
    });
  });

  it('refused with a terminal: asks once, even for steps refused at the same time, and keeps the answer', async () => {
    const ask = vi.fn(async () => 'right');
    const login = new AdminLogin('admin', '123456', { ask, fix: 'x' });
    await Promise.all([login.logIn(sessionFor('right')), login.logIn(sessionFor('right'))]);
    const later = sessionFor('right');
    await login.logIn(later);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(later.login).toHaveBeenCalledTimes(1);
    expect(later.login).toHaveBeenCalledWith('admin', 'right');
  });

  it('a wrong answer fails the step instead of asking again', async () => {
    const ask = vi.fn(async () => 'still wrong');
    const login = new AdminLogin('admin', '123456', { ask, fix: 'x' });
    await expect(login.logIn(sessionFor('right'))).rejects.toBeInstanceOf(StepError);
    expect(ask).toHaveBeenCalledTimes(1);
  });
});

describe('withoutSecrets', () => {
  it('drops the repeated call and masks a password, raw or escaped', () => {
    expect(
      withoutSecrets('login("admin", "p\\"w") => The user name or password is incorrect.', ['p"w']),
    ).toBe('The user name or password is incorrect.');
    expect(withoutSecrets('failed for s3cret', ['s3cret'])).toBe('failed for ******');
  });
});
