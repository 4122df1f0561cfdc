import { ClusterBusy } from '../app/cluster-busy.js';
import type { CommandEnv } from './command-env.js';
import { helpTexts } from './help.js';
import { paint } from './output.js';
import { toolVersion } from './tool-version.js';
import { exitCodes, UsageError } from './usage-error.js';

type CommandRunner = (argv: readonly string[], env: CommandEnv) => number | Promise<number>;

/**
 * Each command is loaded only when it runs (the build splits them into chunks), so `--version`,
 * `--help` and a typo cost no more than Node's own start, and `validate` never loads the UI or SSH.
 */
const commands: Record<string, () => Promise<CommandRunner>> = {
  template: async () => (await import('./command-template.js')).runTemplate,
  validate: async () => (await import('./command-validate.js')).runValidate,
  render: async () => (await import('./command-render.js')).runRender,
  plan: async () => (await import('./command-plan.js')).runPlan,
  check: async () => (await import('./command-check.js')).runCheck,
  deploy: async () => (await import('./command-deploy.js')).runDeploy,
  upgrade: async () => (await import('./command-upgrade.js')).runUpgrade,
  status: async () => (await import('./command-status.js')).runStatus,
  collect: async () => (await import('./command-collect.js')).runCollect,
  start: async () => (await import('./command-lifecycle.js')).lifecycleCommand('start'),
  stop: async () => (await import('./command-lifecycle.js')).lifecycleCommand('stop'),
  'admin-password': async () => (await import('./command-admin-password.js')).runAdminPassword,
  wizard: async () => (await import('./command-wizard.js')).runWizardCommand,
};

/**
 * Runs one command line and returns the exit code. Never throws: usage mistakes print one clear
 * message (exit 2); anything unexpected prints its message without a stack trace unless DDB_DEBUG is set.
 */
export async function main(argv: readonly string[], env: CommandEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // On a terminal, the program alone is the wizard; in a pipe or a script it stays the usage text.
    const wizard = commands['wizard'];
    if (command === undefined && env.interactive && wizard) return await (await wizard())([], env);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      env.output.out(helpTexts['main'] ?? '');
      return command === undefined ? exitCodes.unusable : exitCodes.ok;
    }
    if (command === '--version' || command === '-V') {
      env.output.out(`${toolVersion}\n`);
      return exitCodes.ok;
    }
    const load = commands[command];
    if (!load)
      throw new UsageError(
        `unknown command "${command}": use one of ${Object.keys(commands).join(', ')} (ddb-setup --help)`,
      );
    if (rest.includes('--help') || rest.includes('-h')) {
      env.output.out(helpTexts[command] ?? '');
      return exitCodes.ok;
    }
    const run = await load();
    return await run(rest, env);
  } catch (cause) {
    const prefix = paint(env.output, 'red', 'ddb-setup:');
    if (cause instanceof UsageError) {
      env.output.err(`${prefix} ${cause.message.split('\n').join(`\n${prefix} `)}\n`);
      return exitCodes.unusable;
    }
    if (cause instanceof ClusterBusy) {
      env.output.err(`${prefix} ${cause.message}; nothing was changed\n`);
      return exitCodes.busy;
    }
    env.output.err(`${prefix} unexpected failure: ${(cause as Error).message ?? String(cause)}\n`);
    if (process.env['DDB_DEBUG']) env.output.err(`${(cause as Error).stack ?? ''}\n`);
    return exitCodes.unusable;
  }
}
