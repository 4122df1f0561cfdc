import { render as renderInk } from 'ink-testing-library';
import { useState, type ReactElement } from 'react';
import { useKeyQueue } from '../../source/ui/hooks/use-key-queue.js';
import { createKeyRouter, KeyRouterContext } from '../../source/ui/hooks/use-keys.js';
import { createTheme, ThemeContext } from '../../source/ui/theme.js';
import { plain, waitForFrame } from './wait-for-frame.js';

/** Keys reach the screen as in the wizard: one router, one queue, so a test types like a user. */
function Keys({ children }: { readonly children: ReactElement }) {
  const [router] = useState(createKeyRouter);
  useKeyQueue(router, (input, key) => void router.dispatch(input, key));
  return <KeyRouterContext value={router}>{children}</KeyRouterContext>;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** A rendered screen, with helpers that wait for frames instead of sleeping. */
export type Rendered = ReturnType<typeof renderInk> & {
  /**
   * Types text or key sequences, one write each, in order across calls. After an Esc it waits a
   * turn of the event loop, as a person would: Ink holds a lone Esc briefly to tell it from the
   * start of an escape sequence, and would read Esc + "a" written at once as Alt-a.
   */
  readonly press: (...inputs: string[]) => Promise<void>;
  /** Waits until the frame contains `text`; returns the frame as plain text. */
  readonly waitFor: (text: string | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
  /** The last frame as plain text. */
  readonly frame: () => string;
};

/**
 * Renders a screen the way the wizard hosts it (theme, key router and queue), colour off unless
 * asked for (style guide §8.7: test/helpers/render.tsx). `keys: false` for the whole App, which
 * routes keys itself.
 */
export function render(
  element: ReactElement,
  options: { readonly color?: boolean; readonly keys?: boolean } = {},
): Rendered {
  const instance = renderInk(
    <ThemeContext value={createTheme({ color: options.color ?? false })}>
      {options.keys === false ? element : <Keys>{element}</Keys>}
    </ThemeContext>,
  );
  let typing = Promise.resolve();
  const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  return {
    ...instance,
    press: (...inputs) =>
      (typing = typing.then(async () => {
        for (const input of inputs) {
          instance.stdin.write(input);
          if (input === '\u001B') await turn();
        }
      })),
    waitFor: (text, timeoutMs) =>
      waitForFrame(
        instance,
        // Text may wrap at the frame's edge: compare with runs of spaces and line breaks collapsed.
        typeof text === 'string'
          ? (frame) => frame.includes(text) || collapse(frame).includes(collapse(text))
          : text,
        timeoutMs === undefined ? {} : { timeoutMs },
      ),
    frame: () => plain(instance.lastFrame() ?? ''),
  };
}
