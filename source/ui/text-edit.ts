import type { Key } from 'ink';

/** What a text field accepts besides ordinary characters. */
export type EditOptions = {
  /** '?' opens help everywhere except in fields where it can be part of the value (URLs, passwords). */
  readonly acceptsQuestionMark?: boolean;
};

/**
 * Applies one key press to a one-line text value, with the cursor at the end: characters (pasted
 * text too, its lines joined by a space) are appended, Backspace deletes one, Ctrl-U clears, Ctrl-W deletes
 * a word. Returns undefined when the key is not an edit, so the screen can use it.
 */
export function editText(
  value: string,
  input: string,
  key: Key,
  options: EditOptions = {},
): string | undefined {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl && input === 'w') return value.replace(/\S*\s*$/, '');
  if (key.ctrl || key.meta || key.return || key.tab || key.escape || key.upArrow || key.downArrow)
    return undefined;
  if (key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || input === '') return undefined;
  if (input === '?' && !options.acceptsQuestionMark) return undefined;
  // A paste of several lines reads as one line, its lines apart (not run together into one word).
  const joined = input.replace(/(\S)[\r\n]+(?=\S)/g, '$1 ');
  // eslint-disable-next-line no-control-regex -- pasted text may hold line breaks and other controls
  const printable = joined.replace(/[\u0000-\u001f\u007f]/g, '');
  return printable === '' ? undefined : value + printable;
}

/** Moves a selection by arrow, Page and Home/End keys within `count` items; undefined for other keys. */
export function moveSelection(selected: number, count: number, key: Key, page = 10): number | undefined {
  if (count === 0) return undefined;
  const clamp = (index: number) => Math.max(0, Math.min(count - 1, index));
  if (key.upArrow) return clamp(selected - 1);
  if (key.downArrow) return clamp(selected + 1);
  if (key.pageUp) return clamp(selected - page);
  if (key.pageDown) return clamp(selected + page);
  if (key.home) return 0;
  if (key.end) return count - 1;
  return undefined;
}

/** The first index of a window of `size` rows over `count` rows that keeps `focus` visible, centred when it can. */
export function windowStart(focus: number, count: number, size: number): number {
  if (count <= size) return 0;
  return Math.max(0, Math.min(count - size, focus - Math.floor(size / 2)));
}
