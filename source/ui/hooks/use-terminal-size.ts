import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size in character cells. */
export type TerminalSize = { readonly columns: number; readonly rows: number };

/** Erase the whole screen (not the scrollback) and put the cursor top left: ED 2, CUP. */
export const eraseScreen = '\u001B[2J\u001B[H';

/**
 * The size of Ink's stdout, updated on resize; 80×24 when the stream does not say.
 *
 * When the terminal narrows, the screen is erased before Ink draws again. Ink erases its last frame
 * by counting the lines it wrote, but a terminal that reflows (tmux, VTE, iTerm, Windows Terminal)
 * has already re-wrapped every line wider than the new width onto two rows, so that count falls
 * short and the frame's top rows would stay above every later screen. This listener is put before
 * Ink's own (`prependListener`), so the new size is in the state and the screen is clean when Ink
 * redraws: its first frame at the new width is then drawn with this width too, not the old one.
 */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    let drawnColumns = stdout.columns || 80;
    const onResize = () => {
      const next = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      if (next.columns < drawnColumns) stdout.write(eraseScreen);
      drawnColumns = next.columns;
      setSize((previous) =>
        next.columns === previous.columns && next.rows === previous.rows ? previous : next,
      );
    };
    stdout.prependListener('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
