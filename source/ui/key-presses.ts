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
 * stays one string, so pasted text is still inserted at once, and a paste of several lines stays
 * one press ({@link pastedLines}).
 */
export function splitKeyPresses(input: string, key: Key): readonly KeyPress[] {
  if (input.length < 2 || !control.test(input)) return [{ input, key }];
  const lines = pastedLines(input);
  if (lines) return [{ input: lines.join('\n'), key: noKey }];
  return (input.match(pieces) ?? []).map(keyPressOf);
}

// eslint-disable-next-line no-control-regex -- controls other than the line breaks of a paste
const notLineBreak = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The lines of a paste: text in one read that holds several lines of printable characters (a
 * column of addresses copied from a spreadsheet or a file), without the empty lines at its end.
 * It stays one key press, its lines joined by "\n", so that a screen can take the lines as a list
 * (the Hosts screen makes one host of each) instead of every line break acting as Enter. Text with
 * one line and its Enter ("10.0.0.8\r"), or with other controls (Tab, Backspace), is keys typed
 * fast, and undefined here.
 */
export function pastedLines(input: string): string[] | undefined {
  if (notLineBreak.test(input)) return undefined;
  const lines = input.split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length >= 2 ? lines : undefined;
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
