import { DdbError, type DdbSession } from '../dolphindb/client.js';
import { StepError } from '../step-error.js';

/** How an {@link AdminLogin} gets a password when a node refuses the one it has. */
export type AdminLoginOptions = {
  /** Asks for the password (a terminal); absent when nobody can be asked. */
  readonly ask?: (prompt: string) => Promise<string>;
  /** What to do when the login is refused and nobody could be asked: how to pass the password. */
  readonly fix: string;
};

/**
 * The DolphinDB administrator's login for one run, kept in memory only: the password given, else
 * DolphinDB's default. A node that refuses it means the password was changed: ddb-setup then asks
 * once when it can (a terminal), and otherwise fails saying how to pass it, so `start` and `stop`
 * never wait minutes for nodes that a refused `startDataNode` never touched.
 */
export class AdminLogin {
  private asking: Promise<string> | undefined;

  constructor(
    readonly user: string,
    private password: string,
    private readonly options: AdminLoginOptions,
  ) {}

  /** Logs `session` in as the administrator; throws a StepError when DolphinDB refuses. */
  async logIn(session: Pick<DdbSession, 'login'>): Promise<void> {
    const tried = this.password;
    const ask = this.options.ask;
    try {
      await session.login(this.user, tried);
      return;
    } catch (error) {
      if (!(error instanceof DdbError) || !ask) throw this.refused(error);
    }
    // Steps refused at the same time share one question; later ones use its answer.
    if (this.password === tried) {
      this.asking ??= ask(`DolphinDB refused the ${this.user} password; ${this.user} password: `);
      this.password = await this.asking;
    }
    try {
      await session.login(this.user, this.password);
    } catch (error) {
      throw this.refused(error);
    }
  }

  /**
   * Changes the administrator's password (`changePwd`) in a session {@link logIn} logged in; later
   * logins of this run use the new one.
   */
  async changePassword(session: Pick<DdbSession, 'changePassword'>, newPassword: string): Promise<void> {
    await session.changePassword(this.password, newPassword);
    this.password = newPassword;
  }

  private refused(error: unknown): unknown {
    if (!(error instanceof DdbError)) return error;
    return new StepError('login-refused', `DolphinDB refused the ${this.user} login: ${error.message}`, {
      fix: this.options.fix,
    });
  }
}
