import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size in character cells. */
export type TerminalSize = { readonly columns: number; readonly rows: number };

/** The size of Ink's stdout, updated on resize; 80×24 when the stream does not say. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () =>
      setSize((previous) => {
        const next = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
        return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
      });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
