import type { FieldSpec } from './form.js';
import { wrappedLines } from './wrapped-lines.js';

/** How a form is drawn: the terminal's width and the label column's. */
export type FormGeometry = { readonly columns: number; readonly labelWidth: number };

/** The fields a form shows, from `start` to before `end`, and the lines they take with the ↑ ↓ markers. */
export type FieldWindow = { readonly start: number; readonly end: number; readonly lines: number };

/** The text a field's value shows, as FormFields draws it (a focused text field ends in its cursor). */
function shownValue(field: FieldSpec, focused: boolean): string {
  if (field.kind === 'choice') {
    const label = field.choices?.find((choice) => choice.value === field.value)?.label ?? field.value;
    return focused ? `‹ ${label} ›` : label;
  }
  if (field.kind === 'toggle') return field.value === 'yes' ? '[x] yes' : '[ ] no';
  const value = field.kind === 'secret' ? '•'.repeat(field.value.length) : field.value;
  return `${value === '' ? (field.placeholder ?? '') : value}${focused ? ' ' : ''}`;
}

/**
 * The lines one field takes in FormFields: its value (wrapped beside the label), its problem (whole
 * while focused, else one line) and, while focused, its hint (whole).
 */
export function fieldLines(field: FieldSpec, focused: boolean, geometry: FormGeometry): number {
  const problem = field.error || field.warning;
  const value = Math.max(1, wrappedLines(shownValue(field, focused), geometry.columns - geometry.labelWidth));
  const problemLines = !problem ? 0 : focused ? wrappedLines(`x ${problem}`, geometry.columns - 4) : 1;
  const hintLines = focused && field.hint ? wrappedLines(field.hint, geometry.columns - 4) : 0;
  return value + problemLines + hintLines;
}

/**
 * The fields that fit in `budget` lines around the focused one: as many as fit, taken alternately
 * below and above the focus so that it stays near the middle, with a "↑ N more" / "↓ N more" line
 * for each side cut off. The focused field is always shown, even when it alone is taller.
 */
export function fieldWindow(
  fields: readonly FieldSpec[],
  focus: number,
  budget: number,
  geometry: FormGeometry,
): FieldWindow {
  if (fields.length === 0) return { start: 0, end: 0, lines: 0 };
  const at = Math.max(0, Math.min(fields.length - 1, focus));
  const height = (index: number) => fieldLines(fields[index] as FieldSpec, index === focus, geometry);
  const markers = (start: number, end: number) => (start > 0 ? 1 : 0) + (end < fields.length ? 1 : 0);
  let start = at;
  let end = at + 1;
  let used = height(at);
  let down = true;
  let up = true;
  while (down || up) {
    if (down) {
      const grown = end < fields.length ? used + height(end) : undefined;
      if (grown !== undefined && grown + markers(start, end + 1) <= budget) {
        used = grown;
        end += 1;
      } else down = false;
    }
    if (up) {
      const grown = start > 0 ? used + height(start - 1) : undefined;
      if (grown !== undefined && grown + markers(start - 1, end) <= budget) {
        used = grown;
        start -= 1;
      } else up = false;
    }
  }
  return { start, end, lines: used + markers(start, end) };
}
