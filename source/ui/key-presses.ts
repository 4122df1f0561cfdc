import type { Key } from 'ink';

/** One key press: what Ink's `useInput` would hand over had the key arrived alone. */
export type KeyPress = { readonly input: string; readonly key: Key };

// eslint-disable-next-line no-control-regex -- the C0 controls and DEL are the keys to split out
const control = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- a run of text, or one control character
const pieces = /[\u0000-\u001f\u007f]|[^\u0000-\u001f\u007f]+/g;

/** A key press with no key named: the base of every key the splitter names. */
export const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Splits what Ink hands `useInput` for one read into the key presses it holds, in order.
 *
 * Ink 6 already cuts a read at every escape sequence (arrows, Esc, Alt-x arrive alone), but hands
 * the text between them over as one string and names it only when it is a single key: "\x7f\x7f"
 * (two Backspaces), "\x15abc" (Ctrl-U, then text) or "10.0.0.8\r" reach the handler as unnamed
 * text. That happens whenever keys arrive faster than they are read: a slow SSH session, a paste,
 * tmux send-keys. Each control character becomes its own key, named as Ink names it when alone
 * (parse-keypress.js + use-input.js: DEL is `delete`, BS `backspace`, Tab `tab` with no input, CR
 * `return` with input "\r", Ctrl-letter `ctrl` with the letter); each run of other characters
 * stays one string, so pasted text is still inserted at once.
 */
export function splitKeyPresses(input: string, key: Key): readonly KeyPress[] {
  if (input.length < 2 || !control.test(input)) return [{ input, key }];
  return (input.match(pieces) ?? []).map(keyPressOf);
}

function keyPressOf(piece: string): KeyPress {
  if (!control.test(piece)) return { input: piece, key: { ...noKey, shift: /^[A-Z]$/.test(piece) } };
  switch (piece) {
    case '\r':
      return { input: '\r', key: { ...noKey, return: true } };
    case '\t':
      return { input: '', key: { ...noKey, tab: true } };
    case '\b':
      return { input: '', key: { ...noKey, backspace: true } };
    case '\u007f':
      return { input: '', key: { ...noKey, delete: true } };
    case '\n':
      return { input: '\n', key: noKey };
  }
  const code = piece.charCodeAt(0);
  // Ctrl-A … Ctrl-Z (and Ctrl-@ as Ink reads it); the four above 0x1a have no letter and stay text.
  return code <= 0x1a
    ? { input: String.fromCharCode(code + 96), key: { ...noKey, ctrl: true } }
    : { input: piece, key: noKey };
}
