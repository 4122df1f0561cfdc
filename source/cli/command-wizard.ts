import { resolve } from 'node:path';
import { answerOptions, readAnswers, type Answers } from './answer-flags.js';
import { checkAnswers, givenFlags } from './answer-problems.js';
import type { CommandEnv } from './command-env.js';
import { printIssues } from './command-validate.js';
import { parseOptions } from './parse-options.js';
import { readTopologyFile } from './read-topology.js';
import { toolVersion } from './tool-version.js';
import { UsageError } from './usage-error.js';

/**
 * `ddb-setup wizard [-f FILE | answers]`, and `ddb-setup` alone on a terminal: the interactive
 * wizard. Answers given as flags (the same as `template` takes) fill in their screens, and the
 * wizard opens on the first screen left to answer. The UI (Ink, React) is its own chunk, loaded only here.
 */
export async function runWizardCommand(argv: readonly string[], env: CommandEnv): Promise<number> {
  const { values } = parseOptions(
    'wizard',
    { file: { type: 'string', short: 'f' }, 'known-hosts': { type: 'string' }, ...answerOptions },
    argv,
  );
  const { file, 'known-hosts': knownHosts, ...answerValues } = values;
  const answers = presetAnswers(answerValues);
  if (file !== undefined && Object.keys(answers).length > 0)
    throw new UsageError(
      `-f opens ${file} exactly as written, so it cannot be combined with ${[...givenFlags(answerValues)].join(', ')}: change those answers on the wizard's screens, or leave out -f to start a new topology from them`,
    );
  if (!env.interactive)
    throw new UsageError(
      'the wizard needs a terminal on standard input and output; without one, write the topology with `ddb-setup template` and run `ddb-setup deploy -f FILE --yes`',
    );
  let opened:
    { file: string; topology: NonNullable<ReturnType<typeof readTopologyFile>['topology']> } | undefined;
  if (file !== undefined) {
    if (file === '-')
      throw new UsageError('-f - cannot be used with the wizard: its standard input is the keyboard');
    const checked = readTopologyFile(file, env.readStdin);
    if (!checked.topology) {
      printIssues(env.output, checked, env.output.err);
      return checked.exitCode;
    }
    // Rule errors are shown on the Preview screen, next to the lines that cause them.
    opened = { file: resolve(env.cwd, file), topology: checked.topology };
  }
  forgetCiSwitches();
  const { startWizard } = await import('../app/run-wizard.js');
  return startWizard({
    cwd: env.cwd,
    now: env.now,
    toolVersion,
    color: env.output.color,
    ...(opened ? { opened } : {}),
    ...(Object.keys(answers).length > 0 ? { answers } : {}),
    ...(knownHosts !== undefined ? { knownHostsFile: resolve(env.cwd, knownHosts) } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
  });
}

/**
 * The answer flags, checked as `template` checks them. A wrong value of a flag that was given is a
 * usage error naming it; what no flag answered is left to its screen, where the wizard asks for it.
 */
function presetAnswers(values: Parameters<typeof readAnswers>[0]): Answers {
  const answers = readAnswers(values);
  const given = givenFlags(values);
  const problems = checkAnswers(answers, given).problems.filter((problem) => given.has(problem.option));
  if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.option}: ${p.message}`).join('\n'));
  return answers;
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
