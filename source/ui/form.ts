import type { Key } from 'ink';
import { editText } from './text-edit.js';

/** One field of a form. Values are text; a toggle is 'yes' or 'no'. */
export type FieldSpec = {
  /** The name the screen knows the field by (`address`, `maxMemSize`, `volumes:datanode1`). */
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'secret' | 'choice' | 'toggle';
  readonly value: string;
  /** For `choice`: the values in order and how each is shown. */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  /** Shown dimmed while empty, usually the default. */
  readonly placeholder?: string;
  /** What the field means; shown under it while focused. */
  readonly hint?: string;
  readonly error?: string;
  readonly warning?: string;
  /** URLs and passwords may contain '?'; elsewhere '?' opens help. @default false (true for secrets) */
  readonly acceptsQuestionMark?: boolean;
};

/** What a key press did to a form. */
export type FormEffect =
  | { readonly type: 'focus'; readonly index: number }
  | { readonly type: 'change'; readonly key: string; readonly value: string }
  | { readonly type: 'submit' };

/** Fields PgUp and PgDn move the focus by. */
const fieldPage = 10;

/**
 * Form keys: Tab, ↓ and Enter go to the next field (Enter on the last one submits), Shift-Tab and ↑
 * to the previous, PgDn and PgUp ten fields on or back; ← and → pick a choice, Space flips a toggle; anything else edits a text field.
 * Returns undefined for keys the form does not use (Esc, '?', …).
 */
export function formKeys(
  fields: readonly FieldSpec[],
  focus: number,
  input: string,
  key: Key,
): FormEffect | undefined {
  const field = fields[focus];
  if (!field) return key.return ? { type: 'submit' } : undefined;
  const last = fields.length - 1;
  if ((key.tab && key.shift) || key.upArrow) return { type: 'focus', index: Math.max(0, focus - 1) };
  if (key.tab || key.downArrow) return { type: 'focus', index: Math.min(last, focus + 1) };
  // A page of fields at a time: 30 hosts make forms of a hundred fields (volumes, aliases, ports).
  if (key.pageUp) return { type: 'focus', index: Math.max(0, focus - fieldPage) };
  if (key.pageDown) return { type: 'focus', index: Math.min(last, focus + fieldPage) };
  if (key.return) return focus >= last ? { type: 'submit' } : { type: 'focus', index: focus + 1 };
  if (field.kind === 'choice' && field.choices && (key.leftArrow || key.rightArrow || input === ' ')) {
    const index = field.choices.findIndex((choice) => choice.value === field.value);
    const step = key.leftArrow ? -1 : 1;
    const next = field.choices[(index + step + field.choices.length) % field.choices.length];
    return next ? { type: 'change', key: field.key, value: next.value } : undefined;
  }
  if (field.kind === 'toggle' && (key.leftArrow || key.rightArrow || input === ' '))
    return { type: 'change', key: field.key, value: field.value === 'yes' ? 'no' : 'yes' };
  if (field.kind === 'text' || field.kind === 'secret') {
    const value = editText(field.value, input, key, {
      acceptsQuestionMark: field.acceptsQuestionMark ?? field.kind === 'secret',
    });
    return value === undefined ? undefined : { type: 'change', key: field.key, value };
  }
  return undefined;
}
