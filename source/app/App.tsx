import { useMemo } from 'react';
import { createTheme, ThemeContext } from '../ui/theme.js';
import type { WizardServices } from '../wizard/wizard-services.js';
import type { WizardState } from '../wizard/wizard-state.js';
import { Wizard } from '../wizard/Wizard.js';

/** Props of {@link App}. */
export type AppProps = {
  readonly services: WizardServices;
  readonly initial: WizardState;
  /** Colour on a terminal unless NO_COLOR is set. */
  readonly color: boolean;
  readonly onExit: (code: number) => void;
};

/** The composition root of the interactive program: the theme, then the wizard. */
export function App({ services, initial, color, onExit }: AppProps) {
  const theme = useMemo(() => createTheme({ color }), [color]);
  return (
    <ThemeContext value={theme}>
      <Wizard services={services} initial={initial} onExit={onExit} />
    </ThemeContext>
  );
}
