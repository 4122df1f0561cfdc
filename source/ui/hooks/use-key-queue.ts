import { useInput, type Key } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { splitKeyPresses } from '../key-presses.js';
import type { KeyRouter } from './use-keys.js';

/**
 * How long a key that changed nothing on screen holds the next one back. Generous, because under
 * load a render can take a while, and a key let through before it would act on the old state.
 */
const quietMs = 250;

/**
 * Ink's `useInput`, one key at a time. Keys that arrive together (tmux `send-keys Down Down`, a
 * fast typist or a slow SSH link: "\x7f\x7f", "\x15abc" or "text\r" read as one string) are split
 * into their key presses (`splitKeyPresses`) and reach `onKey` one by one, each once React has
 * drawn the previous one: a handler reads the state of its last render, so two keys handled before
 * that render would both act on the old state (two Downs moving one row). Pasted text stays one key.
 */
export function useKeyQueue(router: KeyRouter, onKey: (input: string, key: Key) => void): void {
  const handler = useRef(onKey);
  useLayoutEffect(() => {
    handler.current = onKey;
    router.rendered();
  });
  const queue = useRef<{ input: string; key: Key }[]>([]);
  const busy = useRef(false);
  const cancel = useRef<() => void>(() => undefined);
  useLayoutEffect(() => () => cancel.current(), []);
  const drain = () => {
    cancel.current();
    const next = queue.current.shift();
    if (!next) {
      busy.current = false;
      return;
    }
    busy.current = true;
    let done = false;
    // Go on after the commit this key caused, or after a quiet moment when it caused none.
    const proceed = () => {
      if (done) return;
      done = true;
      stopWaiting();
      clearTimeout(timer);
      setTimeout(drain, 0);
    };
    const stopWaiting = router.afterRender(proceed);
    const timer = setTimeout(proceed, quietMs);
    cancel.current = () => {
      done = true;
      stopWaiting();
      clearTimeout(timer);
    };
    handler.current(next.input, next.key);
  };
  useInput((input, key) => {
    queue.current.push(...splitKeyPresses(input, key));
    if (!busy.current) drain();
  });
}
