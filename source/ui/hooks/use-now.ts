import { useEffect, useState } from 'react';

/**
 * The current time in milliseconds from `clock`, refreshed every `intervalMs` while `running`:
 * what elapsed times and spinners render from. Stops its timer when unmounted or idle.
 * @default intervalMs 1000
 */
export function useNow(clock: () => number, running: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!running) return undefined;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, running, intervalMs]);
  return now;
}
