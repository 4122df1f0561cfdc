/**
 * At most `limit` tasks of one kind running at once; the others wait their turn in the order they
 * came. A task's own time limit should start inside it, so waiting in line does not count.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its slot straight to the next in line (running stays the same), or frees it.
  const next = () => {
    const wake = waiting.shift();
    if (wake) wake();
    else running -= 1;
  };
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
