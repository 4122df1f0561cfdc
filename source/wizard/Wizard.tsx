import { Box, Text, type Key } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ConfirmBar } from '../ui/components/ConfirmBar.js';
import { HelpPanel } from '../ui/components/HelpPanel.js';
import { useDeployment, type RunOutcome } from '../ui/hooks/use-deployment.js';
import { useKeyQueue } from '../ui/hooks/use-key-queue.js';
import { createKeyRouter, KeyRouterContext } from '../ui/hooks/use-keys.js';
import { useNow } from '../ui/hooks/use-now.js';
import { useTerminalSize } from '../ui/hooks/use-terminal-size.js';
import { helpTexts } from './help-texts.js';
import { useHostTests } from './use-host-tests.js';
import { useDeployedDifference } from './use-deployed-difference.js';
import { useLicenceReading } from './use-licence-reading.js';
import { useWizardActions } from './use-wizard-actions.js';
import { assessWizard, hostPasswords } from './wizard-selectors.js';
import type { WizardServices } from './wizard-services.js';
import { wizardReducer, type WizardState } from './wizard-state.js';
import { WizardSteps } from './WizardSteps.js';

/**
 * Whether quitting now loses answers: a new deployment is being answered (an opened file left
 * unchanged, or a finished deployment, has nothing to lose).
 */
function unsavedAnswers(state: WizardState): boolean {
  const answering = ['mode', 'hosts', 'layout', 'options', 'preview'].includes(state.step);
  return answering && state.opened === undefined && state.mode !== undefined;
}

/** Props of {@link Wizard}. */
export type WizardProps = {
  readonly services: WizardServices;
  readonly initial: WizardState;
  /** The wizard is done: 0 after a verified deployment, 130 when quit with Ctrl-C. */
  readonly onExit: (code: number) => void;
};

/**
 * The wizard: one reducer, the current screen, and the keys every screen shares. A screen gets
 * each key first; what it does not use, the wizard does: Esc goes back (answers are kept), ?
 * shows help, Ctrl-C quits, asking first while a deployment runs.
 */
export function Wizard({ services, initial, onExit }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  const [router] = useState(createKeyRouter);
  const [help, setHelp] = useState(false);
  const [quit, setQuit] = useState<'ask' | 'leave' | 'aborting' | undefined>();
  const size = useTerminalSize();
  const assessment = useMemo(() => assessWizard(state), [state]);
  const finished = useRef<(outcome: RunOutcome) => void>(() => undefined);
  const deployment = useDeployment({ now: services.now, onFinished: (outcome) => finished.current(outcome) });
  const actions = useWizardActions(services, state, dispatch, assessment.topology, deployment);
  useEffect(() => {
    finished.current = actions.finished;
  });
  const tests = useHostTests(services);
  useLicenceReading(services, state, dispatch);
  // Preview shows the difference against what is deployed, read from the hosts when it opens.
  const deployed = useDeployedDifference(
    services,
    assessment.topology,
    actions.topologyFile,
    assessment.topology ? hostPasswords(state.hosts, assessment.topology) : new Map(),
    state.step === 'preview',
  );
  // Elapsed times tick each second; the store's flushes redraw more often while output flows.
  const now = useNow(services.now, deployment.running, 1000);

  // Quitting during a deployment waits until the running steps have stopped (the journal is written).
  useEffect(() => {
    if (quit === 'aborting' && !deployment.running) onExit(130);
  }, [quit, deployment.running, onExit]);

  useKeyQueue(router, onKey);

  function onKey(input: string, key: Key) {
    if (key.ctrl && input === 'c') {
      if (deployment.running) setQuit('ask');
      // Answers typed and not saved are not lost to one key: asked first, a second Ctrl-C quits.
      else if (quit === undefined && unsavedAnswers(state)) setQuit('leave');
      else onExit(130);
      return;
    }
    if (quit === 'leave') {
      if (input === 'y') onExit(130);
      else if (input === 'n' || key.escape || key.return) setQuit(undefined);
      return;
    }
    if (quit === 'ask') {
      if (input === 'y') {
        setQuit('aborting');
        deployment.abort();
      } else if (input === 'n' || key.escape || key.return) setQuit(undefined);
      return;
    }
    if (quit) return;
    if (help) {
      if (key.escape || input === '?' || input === 'q') setHelp(false);
      return;
    }
    if (router.dispatch(input, key)) return;
    if (input === '?') setHelp(true);
    else if (key.escape) dispatch({ type: 'goBack' });
  }

  const active = !help && quit === undefined;
  return (
    <KeyRouterContext value={router}>
      {/* Clipped to the terminal's width: right after a resize Ink draws once before `size` has
          the new width, and a line wider than the terminal would wrap there and stay on screen. */}
      <Box width="100%" overflowX="hidden">
        <Box flexDirection="column" width={size.columns}>
          <Box flexDirection="column" display={help ? 'none' : 'flex'}>
            <WizardSteps
              state={state}
              dispatch={dispatch}
              assessment={assessment}
              services={services}
              actions={actions}
              tests={tests}
              deployment={deployment}
              size={size}
              now={now}
              deployed={deployed}
              isActive={active}
              onExit={onExit}
            />
          </Box>
          {help ? <HelpPanel title={state.step} lines={helpTexts[state.step]} /> : null}
          {quit === 'ask' ? (
            <ConfirmBar
              danger
              question="A deployment is running. Abandon it and quit?"
              details={[
                'Running steps stop and nothing new starts; what is done stays done.',
                'Run the wizard or `ddb-setup deploy -f FILE` again later: it resumes.',
              ]}
            />
          ) : null}
          {quit === 'leave' ? (
            <ConfirmBar
              danger
              question="Quit and lose the answers?"
              details={[
                state.step === 'preview'
                  ? 'Nothing was deployed. n, then s saves them as a topology file to open later.'
                  : 'Nothing was deployed. n, then go on to Preview: s there saves them as a topology file.',
              ]}
            />
          ) : null}
          {quit === 'aborting' ? (
            <Text>Stopping the running steps… (the journal is being written)</Text>
          ) : null}
        </Box>
      </Box>
    </KeyRouterContext>
  );
}
