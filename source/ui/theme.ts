import { createContext, useContext } from 'react';

/** An Ink colour name, or undefined when colour is off (then nothing is coloured at all). */
export type Colour = string | undefined;

/**
 * Semantic colours and symbols (style guide §8.8 item 12): components say `theme.status.error`,
 * never "red", so NO_COLOR is honoured in one place. Symbols carry every meaning on their own, so
 * the screens read the same without colour.
 */
export type Theme = {
  readonly color: boolean;
  /** Titles, the selected row, the focused field. */
  readonly accent: Colour;
  readonly status: {
    readonly ok: Colour;
    readonly error: Colour;
    readonly warning: Colour;
    readonly running: Colour;
  };
  /** A stable colour per host pane, by host index. */
  readonly hostPalette: readonly Colour[];
  readonly symbols: {
    readonly ok: string;
    readonly error: string;
    readonly warning: string;
    readonly pending: string;
    readonly blocked: string;
    readonly pointer: string;
    readonly collapsed: string;
    readonly expanded: string;
    readonly controller: string;
    readonly spinner: readonly string[];
    readonly barFull: string;
    readonly barEmpty: string;
  };
};

const symbols: Theme['symbols'] = {
  ok: '✓',
  error: '✗',
  warning: '!',
  pending: '·',
  blocked: '-',
  pointer: '›',
  collapsed: '▸',
  expanded: '▾',
  controller: '◆',
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
  barFull: '█',
  barEmpty: '░',
};

/** The theme for a terminal with or without colour. */
export function createTheme(options: { readonly color: boolean }): Theme {
  const c = (name: string): Colour => (options.color ? name : undefined);
  return {
    color: options.color,
    accent: c('cyan'),
    status: { ok: c('green'), error: c('red'), warning: c('yellow'), running: c('cyan') },
    hostPalette: ['magenta', 'blue', 'cyan', 'green', 'yellow'].map(c),
    symbols,
  };
}

/** False when the environment asks for no colour (no-color.org: NO_COLOR set and not empty). */
export function wantsColor(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
}

export const ThemeContext = createContext<Theme>(createTheme({ color: true }));

/** The theme of the nearest provider (colour on when none). */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
