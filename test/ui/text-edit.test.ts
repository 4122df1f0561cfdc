import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { formKeys, type FieldSpec } from '../../source/ui/form.js';
import { editText, moveSelection, windowStart } from '../../source/ui/text-edit.js';
import { noKey } from '../../source/ui/key-presses.js';

const none: Key = noKey;
const key = (changes: Partial<Key>): Key => ({ ...none, ...changes });

describe('editText', () => {
  it.each<[string, string, string, Partial<Key>, string | undefined]>([
    ['appends a character', 'ab', 'c', {}, 'abc'],
    ['appends pasted text without line breaks', 'a', '10.0.0.8\n', {}, 'a10.0.0.8'],
    ['deletes with Backspace (sent as DEL)', 'abc', '', { delete: true }, 'ab'],
    ['clears with Ctrl-U', 'abc', 'u', { ctrl: true }, ''],
    ['deletes a word with Ctrl-W', 'ab cd', 'w', { ctrl: true }, 'ab '],
    ['ignores Enter', 'abc', '\r', { return: true }, undefined],
    ['ignores arrows', 'abc', '', { leftArrow: true }, undefined],
  ])('%s', (_name, value, input, changes, expected) => {
    expect(editText(value, input, key(changes))).toBe(expected);
  });

  it("leaves '?' to help unless the field may contain it", () => {
    expect(editText('a', '?', none)).toBeUndefined();
    expect(editText('a', '?', none, { acceptsQuestionMark: true })).toBe('a?');
  });
});

describe('moveSelection and windowStart', () => {
  it('moves within bounds', () => {
    expect(moveSelection(0, 3, key({ upArrow: true }))).toBe(0);
    expect(moveSelection(2, 3, key({ downArrow: true }))).toBe(2);
    expect(moveSelection(0, 30, key({ pageDown: true }))).toBe(10);
    expect(moveSelection(0, 3, none)).toBeUndefined();
  });

  it('keeps the focus inside the window', () => {
    expect(windowStart(0, 5, 10)).toBe(0);
    expect(windowStart(15, 20, 6)).toBe(12);
    expect(windowStart(19, 20, 6)).toBe(14);
  });
});

describe('formKeys', () => {
  const fields: FieldSpec[] = [
    { key: 'name', label: 'Name', kind: 'text', value: 'ab' },
    {
      key: 'kind',
      label: 'Kind',
      kind: 'choice',
      value: 'b',
      choices: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    { key: 'lan', label: 'LAN', kind: 'toggle', value: 'no' },
  ];

  it('Tab and Enter move on, Enter on the last field submits, Shift-Tab goes back', () => {
    expect(formKeys(fields, 0, '', key({ tab: true }))).toEqual({ type: 'focus', index: 1 });
    expect(formKeys(fields, 1, '', key({ tab: true, shift: true }))).toEqual({ type: 'focus', index: 0 });
    expect(formKeys(fields, 1, '\r', key({ return: true }))).toEqual({ type: 'focus', index: 2 });
    expect(formKeys(fields, 2, '\r', key({ return: true }))).toEqual({ type: 'submit' });
  });

  it('cycles a choice with ← →, flips a toggle with Space, edits text', () => {
    expect(formKeys(fields, 1, '', key({ rightArrow: true }))).toEqual({
      type: 'change',
      key: 'kind',
      value: 'a',
    });
    expect(formKeys(fields, 1, '', key({ leftArrow: true }))).toEqual({
      type: 'change',
      key: 'kind',
      value: 'a',
    });
    expect(formKeys(fields, 2, ' ', none)).toEqual({ type: 'change', key: 'lan', value: 'yes' });
    expect(formKeys(fields, 0, 'c', none)).toEqual({ type: 'change', key: 'name', value: 'abc' });
    expect(formKeys(fields, 0, '', key({ escape: true }))).toBeUndefined();
  });
});
