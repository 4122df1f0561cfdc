import { useEffect, type Dispatch } from 'react';
import { licenceSource } from './wizard-licence.js';
import { licenceKey, type WizardAction, type WizardState } from './wizard-model.js';
import type { WizardServices } from './wizard-services.js';

/**
 * Reads the licence the answers name (the Licence file field, or a local package's) once per path
 * as typed, and hands the reading to the reducer: the screens weigh the layout against it. A
 * reading that arrives after the path was typed over is kept too: typing it again needs no read.
 */
export function useLicenceReading(
  services: Pick<WizardServices, 'readLicence'>,
  state: Pick<WizardState, 'options' | 'mode' | 'licences'>,
  dispatch: Dispatch<WizardAction>,
): void {
  const source = licenceSource(state);
  const kind = source?.kind;
  const path = source?.path;
  const known = source !== undefined && licenceKey(source) in state.licences;
  useEffect(() => {
    if (kind === undefined || path === undefined || known) return;
    const read = { kind, path };
    void services
      .readLicence(read)
      .then((reading) => dispatch({ type: 'licenceRead', key: licenceKey(read), reading }));
  }, [kind, path, known, services, dispatch]);
}
