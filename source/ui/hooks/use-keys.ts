import { useInput, type Key } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import { splitKeyPresses } from '../key-presses.js';

/** Handles one key press; returns true when it used the key, so nothing else acts on it. */
export type KeyHandler = (input: string, key: Key) => boolean;

/**
 * Routes key presses to the active screen first and to the global keys (Esc, ?) only when the
 * screen did not use them. One listener for the whole wizard keeps the order deterministic: with a
 * `useInput` per component, Ink calls listeners in subscription order, which changes on re-render.
 */
export type KeyRouter = {
  /** Adds a handler (read through the ref at each key press); returns its removal. */
  readonly add: (handler: { readonly current: KeyHandler }) => () => void;
  /** Offers a key to every active handler; true when one used it. */
  readonly dispatch: (input: string, key: Key) => boolean;
  /** Called after every commit of a screen that takes keys (its handler now sees the new state). */
  readonly rendered: () => void;
  /** Calls `listener` once, after the next `rendered`; returns its removal. */
  readonly afterRender: (listener: () => void) => () => void;
};

/** A router with no handlers. */
export function createKeyRouter(): KeyRouter {
  const handlers = new Set<{ readonly current: KeyHandler }>();
  const waiting = new Set<() => void>();
  return {
    add(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    dispatch(input, key) {
      for (const handler of [...handlers]) if (handler.current(input, key)) return true;
      return false;
    },
    rendered() {
      const listeners = [...waiting];
      waiting.clear();
      for (const listener of listeners) listener();
    },
    afterRender(listener) {
      waiting.add(listener);
      return () => waiting.delete(listener);
    },
  };
}

/** The wizard's router; absent when a screen is rendered on its own, which then listens itself. */
export const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

/**
 * Gives `handler` the key presses while `isActive`. A screen keeps one active handler at a time
 * and routes keys to its focused field itself.
 * @default isActive true
 */
export function useKeys(handler: KeyHandler, isActive = true): void {
  const router = useContext(KeyRouterContext);
  const ref = useRef(handler);
  // Layout effects run within the commit that draws the screen, so a key typed right after a new
  // screen appears already reaches it (a passive effect could run after that key).
  useLayoutEffect(() => {
    ref.current = handler;
    router?.rendered();
  });
  useLayoutEffect(() => {
    if (!isActive || !router) return undefined;
    return router.add(ref);
  }, [router, isActive]);
  useInput(
    (input, key) => {
      for (const press of splitKeyPresses(input, key)) ref.current(press.input, press.key);
    },
    { isActive: isActive && router === undefined },
  );
}
