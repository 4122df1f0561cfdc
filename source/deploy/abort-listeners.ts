/**
 * Calls on abort shared by everything that waits on one signal.
 *
 * One run's signal reaches every step, and a step asks many nodes at once (status asks each
 * controller and agent, stop and start every node): with one `abort` listener per connection,
 * script and wait, 7 nodes already passed Node's limit of 10 listeners, and Node printed a
 * MaxListenersExceededWarning on stderr. Here a signal carries one listener whatever the number of
 * waiters, and loses it when the last waiter leaves.
 */
type Waiters = { readonly listeners: Set<() => void>; readonly fire: () => void };

const waitersOf = new WeakMap<AbortSignal, Waiters>();

/**
 * Calls `listener` once when `signal` aborts, at once when it already has; returns the function
 * that stops waiting (call it when the work is done). No signal: never called.
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  let waiters = waitersOf.get(signal);
  if (!waiters) {
    const listeners = new Set<() => void>();
    const fire = () => {
      waitersOf.delete(signal);
      for (const waiting of [...listeners]) waiting();
      listeners.clear();
    };
    waiters = { listeners, fire };
    waitersOf.set(signal, waiters);
    signal.addEventListener('abort', fire, { once: true });
  }
  // A wrapper of its own, so the same function given twice is two waiters, each removed once.
  const waiter = () => listener();
  const current = waiters;
  current.listeners.add(waiter);
  return () => {
    if (!current.listeners.delete(waiter) || current.listeners.size > 0) return;
    signal.removeEventListener('abort', current.fire);
    if (waitersOf.get(signal) === current) waitersOf.delete(signal);
  };
}
