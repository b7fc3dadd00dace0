import { describe, expect, it } from 'vitest';
import { uniqueHeaders } from './headers';

describe('uniqueHeaders', () => {
  it('keeps unique names, trimmed', () => {
    expect(uniqueHeaders([' a ', 'b'])).toEqual({ names: ['a', 'b'], issues: [] });
  });

  it('numbers repeats after the names already taken, the same way every time', () => {
    const { names, issues } = uniqueHeaders(['x', 'x', 'x_2', 'x', '']);
    expect(names).toEqual(['x', 'x_3', 'x_2', 'x_4', 'column_5']);
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ['duplicate_header', 'x_3'],
      ['duplicate_header', 'x_4'],
      ['empty_header', 'column_5'],
    ]);
    expect(uniqueHeaders(['x', 'x', 'x_2', 'x', ''])).toEqual({ names, issues });
  });

  it('names empty headers without clashing with real ones', () => {
    expect(uniqueHeaders(['column_1', '', '  ']).names).toEqual([
      'column_1',
      'column_2',
      'column_3',
    ]);
    expect(uniqueHeaders(['', 'column_1']).names).toEqual(['column_1_2', 'column_1']);
  });

  it('treats names of Object.prototype members like any other', () => {
    expect(uniqueHeaders(['__proto__', 'constructor', '__proto__']).names).toEqual([
      '__proto__',
      'constructor',
      '__proto___2',
    ]);
  });
});
