/** Splits streamed text into lines for an `onLine` callback; keeps a partial last line until more arrives. */
export function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let pending = '';
  return {
    push(text: string): void {
      if (!onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end(): void {
      if (onLine && pending !== '') onLine(pending);
      pending = '';
    },
  };
}
