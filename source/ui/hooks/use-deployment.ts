import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DeployEvent } from '../../deploy/events.js';
import type { Topology } from '../../model/topology.js';
import type { Plan } from '../../plan/plan.js';
import { DeployStore } from '../deploy/deploy-store.js';
import type { DeploySnapshot } from '../deploy/deploy-model.js';

/** How a run ended; `change`: it changed a running cluster (the change plan ran). */
export type RunOutcome = {
  readonly ok: boolean;
  readonly aborted: boolean;
  readonly journal: string;
  readonly change?: boolean;
};

/**
 * Runs the engine once, feeding `onEvent`; the hook calls it for the first run and each retry.
 * `onPlan`: the plan the run chose once it read the hosts (a change plan), before its first event.
 */
export type RunEngine = (
  onEvent: (event: DeployEvent) => void,
  signal: AbortSignal,
  onPlan: (plan: Plan) => void,
) => Promise<RunOutcome>;

/** Whether two plans have the same steps: the panes of one then show the other. */
function sameSteps(a: Plan, b: Plan): boolean {
  return a.steps.length === b.steps.length && a.steps.every((step, index) => step.id === b.steps[index]?.id);
}

/** What the wizard can do with its deployment. */
export type Deployment = {
  /** The screen's data; undefined before the first start. */
  readonly snapshot: DeploySnapshot | undefined;
  readonly store: DeployStore | undefined;
  readonly running: boolean;
  /** Starts a new deployment of `plan` (replacing any earlier one). */
  readonly start: (plan: Plan, topology: Topology, run: RunEngine) => void;
  /** Runs the same deployment again: every step re-checks the host's real state, so it resumes. */
  readonly retry: () => void;
  /** Aborts the running deployment: running steps stop, nothing new starts. */
  readonly abort: () => void;
};

const noSubscription = () => () => undefined;
const noSnapshot = () => undefined;

/**
 * The engine's events into a {@link DeployStore}, read with `useSyncExternalStore` (style guide
 * §8.5). The store batches events, so the screen renders a few times a second however fast the
 * hosts talk. Unmounting aborts a running deployment and stops the store's timer.
 */
export function useDeployment(options: {
  readonly now: () => number;
  readonly onFinished: (outcome: RunOutcome) => void;
}): Deployment {
  const [session, setSession] = useState<
    { store: DeployStore; run: RunEngine; topology: Topology } | undefined
  >();
  const controller = useRef<AbortController | undefined>(undefined);
  const onFinished = useRef(options.onFinished);
  useEffect(() => {
    onFinished.current = options.onFinished;
  });
  const store = session?.store;
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscription, store?.getSnapshot ?? noSnapshot);

  const launch = useCallback(
    (target: DeployStore, run: RunEngine, topology: Topology) => {
      const abort = new AbortController();
      controller.current = abort;
      // The store the events go to: a run that chose another plan gets panes of that plan's steps.
      let current = target;
      current.beginRun();
      const onPlan = (plan: Plan) => {
        if (sameSteps(current.plan, plan)) return;
        current = new DeployStore(plan, topology, { now: options.now });
        current.beginRun();
        setSession((before) => before && { ...before, store: current });
      };
      run((event) => current.apply(event), abort.signal, onPlan).then(
        (outcome) => {
          current.endRun(outcome);
          onFinished.current(outcome);
        },
        (error: unknown) => {
          // The engine reports step failures as events; a rejection means it could not run at all.
          const outcome = { ok: false, aborted: abort.signal.aborted, journal: '' };
          current.endRun(outcome, error instanceof Error ? error.message : String(error));
          onFinished.current(outcome);
        },
      );
    },
    [options.now],
  );

  const start = useCallback(
    (plan: Plan, topology: Topology, run: RunEngine) => {
      controller.current?.abort();
      const next = new DeployStore(plan, topology, { now: options.now });
      setSession({ store: next, run, topology });
      launch(next, run, topology);
    },
    [launch, options.now],
  );

  useEffect(() => () => store?.dispose(), [store]);
  // Only unmounting (quitting the wizard) aborts; a new start aborts the previous run itself.
  useEffect(() => () => controller.current?.abort(), []);

  return {
    snapshot,
    store,
    running: snapshot?.running ?? false,
    start,
    retry: () => {
      if (session && !snapshot?.running) launch(session.store, session.run, session.topology);
    },
    abort: () => controller.current?.abort(),
  };
}
