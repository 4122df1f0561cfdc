/** What waitForFrame needs from an ink-testing-library instance. */
export type FrameSource = { readonly lastFrame: () => string | undefined };

/** Removes ANSI escape sequences, for assertions on the text a user sees. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI sequences start with ESC
  return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * Polls the last frame until `predicate` holds, and returns that frame (as plain text). Never a
 * fixed sleep (style guide §8.7): it waits exactly as long as the UI takes, up to `timeoutMs`, and
 * then fails showing the last frame.
 */
export async function waitForFrame(
  instance: FrameSource,
  predicate: (frame: string) => boolean,
  { timeoutMs = 3000, intervalMs = 5 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = plain(instance.lastFrame() ?? '');
    if (predicate(frame)) return frame;
    if (Date.now() > deadline)
      throw new Error(`waitForFrame: no matching frame within ${timeoutMs} ms; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until the frame contains `text`. */
export function waitForText(instance: FrameSource, text: string, timeoutMs?: number): Promise<string> {
  return waitForFrame(
    instance,
    (frame) => frame.includes(text),
    timeoutMs === undefined ? {} : { timeoutMs },
  );
}
