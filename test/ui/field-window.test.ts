import { describe, expect, it } from 'vitest';
import { fieldLines, fieldWindow } from '../../source/ui/field-window.js';
import type { FieldSpec } from '../../source/ui/form.js';

const geometry = { columns: 40, labelWidth: 20 };
const field = (key: string, changes: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label: key,
  kind: 'text',
  value: 'v',
  ...changes,
});
const ten = Array.from({ length: 10 }, (_, i) => field(`f${i}`));

describe('fieldLines', () => {
  it('counts the value, the problem (whole only when focused) and the focused hint, as wrapped', () => {
    const long = field('a', { hint: 'h '.repeat(30).trim(), warning: 'w '.repeat(30).trim() });
    expect(fieldLines(long, false, geometry)).toBe(2);
    // 36 columns for messages: a 59-character hint and the 61-character "x w w …" take 2 each.
    expect(fieldLines(long, true, geometry)).toBe(5);
    expect(fieldLines(field('b', { value: 'x'.repeat(45) }), false, geometry)).toBe(3);
  });
});

describe('fieldWindow', () => {
  it('shows every field when the budget holds them (also an unlimited one)', () => {
    expect(fieldWindow(ten, 3, 10, geometry)).toEqual({ start: 0, end: 10, lines: 10 });
    expect(fieldWindow(ten, 9, Infinity, geometry)).toEqual({ start: 0, end: 10, lines: 10 });
  });

  it('fills the budget exactly around the focus, markers included', () => {
    expect(fieldWindow(ten, 0, 6, geometry)).toEqual({ start: 0, end: 5, lines: 6 });
    expect(fieldWindow(ten, 5, 6, geometry)).toEqual({ start: 4, end: 8, lines: 6 });
    expect(fieldWindow(ten, 9, 6, geometry)).toEqual({ start: 5, end: 10, lines: 6 });
  });

  it('always shows the focused field, even taller than the budget', () => {
    const tall = [field('a'), field('b', { hint: 'word '.repeat(40).trim() }), field('c')];
    expect(fieldWindow(tall, 1, 2, geometry)).toMatchObject({ start: 1, end: 2 });
  });
});
