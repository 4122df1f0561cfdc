import { resolve } from 'node:path';
import type { CommandEnv } from './command-env.js';
import { printIssues } from './command-validate.js';
import { parseOptions } from './parse-options.js';
import { readTopologyFile } from './read-topology.js';
import { toolVersion } from './tool-version.js';
import { UsageError } from './usage-error.js';

/**
 * `ddb-setup wizard [-f FILE]`, and `ddb-setup` alone on a terminal: the interactive wizard. The UI
 * (Ink, React) is its own chunk, loaded only here.
 */
export async function runWizardCommand(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'wizard',
    { file: { type: 'string', short: 'f' }, 'known-hosts': { type: 'string' } },
    argv,
  );
  if (!env.interactive)
    throw new UsageError(
      'the wizard needs a terminal on standard input and output; without one, write the topology with `ddb-setup template` and run `ddb-setup deploy -f FILE --yes`',
    );
  let opened:
    { file: string; topology: NonNullable<ReturnType<typeof readTopologyFile>['topology']> } | undefined;
  if (values.file !== undefined) {
    if (values.file === '-')
      throw new UsageError('-f - cannot be used with the wizard: its standard input is the keyboard');
    const checked = readTopologyFile(values.file, env.readStdin);
    if (!checked.topology) {
      printIssues(env.output, checked, env.output.err);
      return checked.exitCode;
    }
    // Rule errors are shown on the Preview screen, next to the lines that cause them.
    opened = { file: resolve(env.cwd, values.file), topology: checked.topology };
  }
  forgetCiSwitches();
  const { startWizard } = await import('../app/run-wizard.js');
  return startWizard({
    cwd: env.cwd,
    now: env.now,
    toolVersion,
    color: env.output.color,
    ...(opened ? { opened } : {}),
    ...(values['known-hosts'] !== undefined
      ? { knownHostsFile: resolve(env.cwd, values['known-hosts']) }
      : {}),
    ...(env.signal ? { signal: env.signal } : {}),
  });
}

/**
 * Ink writes only the last frame, at exit, when CI or CONTINUOUS_INTEGRATION is set (it reads them
 * once, as it loads). The wizard runs only when a person is at a terminal, so those switches, often
 * left exported in a runner's debug shell or a container image, would just show a blank screen: drop
 * them before the UI chunk (and Ink with it) is loaded. Nothing the wizard starts reads them.
 */
function forgetCiSwitches(): void {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
}
