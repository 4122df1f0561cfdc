import { deploymentIdentity } from '../model/deployment-identity.js';
import { render } from 'ink';
import type { Topology } from '../model/topology.js';
import { createSettingsStore } from '../store/settings.js';
import { presetWizardState, type PresetAnswers } from '../wizard/preset-answers.js';
import { initialWizardState, wizardReducer } from '../wizard/wizard-state.js';
import { App } from './App.js';
import { createWizardServices } from './wizard-services.js';

/** What `ddb-setup` (no arguments, on a terminal) and `ddb-setup wizard [-f FILE]` start with. */
export type StartWizardOptions = {
  readonly cwd: string;
  readonly now: () => Date;
  readonly toolVersion: string;
  readonly color: boolean;
  /** A topology file read by the command line, opened at once on the Preview screen. */
  readonly opened?: { readonly file: string; readonly topology: Topology };
  /** Answers given as flags (`--mode ha --hosts …`): the wizard starts at the first screen left to answer. */
  readonly answers?: PresetAnswers;
  /** Host keys to trust and remember (`--known-hosts`). @default ~/.ssh/known_hosts */
  readonly knownHostsFile?: string;
  /** Aborted by a SIGINT from outside (Ctrl-C inside the wizard is a key, and asks first). */
  readonly signal?: AbortSignal;
};

/**
 * Renders the wizard on the terminal and resolves with the exit code when it is done: 0 after a
 * verified deployment, 130 when quit (Ctrl-C, or a SIGINT from outside).
 */
export async function startWizard(options: StartWizardOptions): Promise<number> {
  const services = createWizardServices({
    cwd: options.cwd,
    now: options.now,
    toolVersion: options.toolVersion,
    settings: createSettingsStore(),
    ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}),
  });
  let initial = initialWizardState(services.settings.sshDefaults());
  if (options.opened) {
    const { file, topology } = options.opened;
    services.settings.rememberTopology({
      file,
      cluster: topology.name,
      mode: topology.mode,
      deployment: deploymentIdentity(topology).key,
      usedAt: options.now().toISOString(),
    });
    initial = wizardReducer(initial, { type: 'openTopology', file, topology });
  } else if (options.answers) initial = presetWizardState(initial, options.answers);
  let code = 0;
  const restoreStderr = holdStderr();
  const instance = render(
    <App
      services={services}
      initial={initial}
      color={options.color}
      onExit={(exitCode) => {
        code = exitCode;
        instance.unmount();
      }}
    />,
    { exitOnCtrlC: false },
  );
  const onAbort = () => {
    code = 130;
    instance.unmount();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    restoreStderr();
  }
  return code;
}

/**
 * Holds what anything writes to stderr while the wizard is on screen (a library's or Node's own
 * warning) and prints it after the wizard has left: written beside Ink's frame, it would break the
 * frame's lines. Returns the function that restores stderr and prints what was held.
 */
function holdStderr(): () => void {
  if (!process.stderr.isTTY) return () => undefined;
  const held: (string | Uint8Array)[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    held.push(chunk);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stderr.write;
  return () => {
    process.stderr.write = original;
    for (const chunk of held) process.stderr.write(chunk);
  };
}
