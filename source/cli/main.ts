import { runRender } from './command-render.js';
import { runTemplate } from './command-template.js';
import { runValidate, type CommandEnv } from './command-validate.js';
import { helpTexts } from './help.js';
import { paint } from './output.js';
import { toolVersion } from './tool-version.js';
import { exitCodes, UsageError } from './usage-error.js';

const commands: Record<string, (argv: readonly string[], env: CommandEnv) => number> = {
  template: runTemplate,
  validate: runValidate,
  render: runRender,
};

/**
 * Runs one command line and returns the exit code. Never throws: usage mistakes print one clear
 * message (exit 2); anything unexpected prints its message without a stack trace unless DDB_DEBUG is set.
 */
export function main(argv: readonly string[], env: CommandEnv): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      env.output.out(helpTexts['main'] ?? '');
      return command === undefined ? exitCodes.unusable : exitCodes.ok;
    }
    if (command === '--version' || command === '-V') {
      env.output.out(`${toolVersion}\n`);
      return exitCodes.ok;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}": use one of ${Object.keys(commands).join(', ')} (ddb-setup --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      env.output.out(helpTexts[command] ?? '');
      return exitCodes.ok;
    }
    return run(rest, env);
  } catch (cause) {
    const prefix = paint(env.output, 'red', 'ddb-setup:');
    if (cause instanceof UsageError) {
      env.output.err(`${prefix} ${cause.message.split('\n').join(`\n${prefix} `)}\n`);
      return exitCodes.unusable;
    }
    env.output.err(`${prefix} unexpected failure: ${(cause as Error).message ?? String(cause)}\n`);
    if (process.env['DDB_DEBUG']) env.output.err(`${(cause as Error).stack ?? ''}\n`);
    return exitCodes.unusable;
  }
}
