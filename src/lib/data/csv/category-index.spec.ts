import { describe, expect, it } from 'vitest';
import { CategoryIndex } from './category-index';

describe('CategoryIndex', () => {
  it('codes values in order of first sight, found again from any range', () => {
    const index = new CategoryIndex([]);
    expect(index.codeOf('b,a,b', 0, 1, false)).toBe(0);
    expect(index.codeOf('b,a,b', 2, 3, false)).toBe(1);
    expect(index.codeOf('b,a,b', 4, 5, false)).toBe(0);
    expect(index.codeOf('ab', 0, 2, true)).toBe(2);
    expect(index.codeOf('xab', 1, 3, false)).toBe(2);
    expect(index.categories).toEqual(['b', 'a', 'ab']);
  });

  it('gives -1 for unquoted missing markers; a quoted one is a value', () => {
    const index = new CategoryIndex(['', 'NA']);
    expect(index.codeOf('NA', 0, 2, false)).toBe(-1);
    expect(index.codeOf('', 0, 0, false)).toBe(-1);
    expect(index.codeOf('NA', 0, 2, true)).toBe(0);
    expect(index.codeOf('NA', 0, 2, false)).toBe(-1);
    expect(index.codeOf('NA', 0, 2, true)).toBe(0);
    expect(index.codeOf('', 0, 0, true)).toBe(1);
    expect(index.categories).toEqual(['NA', '']);
  });

  it('keeps every value apart as the table grows', () => {
    const index = new CategoryIndex(['NA']);
    const values = Array.from({ length: 5000 }, (_, i) => `v${i % 2 ? i : String(i).repeat(3)}`);
    values.forEach((v, i) => expect(index.codeOf(v, 0, v.length, false)).toBe(i));
    values.forEach((v, i) => expect(index.codeOf(`,${v},`, 1, v.length + 1, true)).toBe(i));
    expect(index.codeOf('NA', 0, 2, false)).toBe(-1);
    expect(index.categories).toEqual(values);
  });
});
