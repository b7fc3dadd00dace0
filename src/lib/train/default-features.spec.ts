import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsv } from '../data/read-csv';
import { defaultFeatures } from './default-features';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

describe('defaultFeatures', () => {
  it('leaves out ID-like and constant columns, saying why', async () => {
    const cars = await readCsv(sample('cars.csv'));
    const choices = defaultFeatures(cars, 'Miles_per_Gallon');
    expect(choices.find((c) => c.name === 'Name')).toMatchObject({ included: false });
    expect(choices.find((c) => c.name === 'Name')?.reason).toMatch(/ID-like/);
    expect(choices.filter((c) => c.included).map((c) => c.name)).toEqual([
      'Cylinders',
      'Displacement',
      'Horsepower',
      'Weight_in_lbs',
      'Acceleration',
      'Year',
      'Origin',
    ]);
    // Year repeats across cars (a model year): kept. Seattle's date is on every row: left out.
    const weather = await readCsv(sample('seattle-weather.csv'));
    expect(defaultFeatures(weather, 'weather').find((c) => c.name === 'date')?.reason).toMatch(
      /timestamp/,
    );
    const constant = await readCsv('k,v,t\n1,a,x\n1,b,y\n1,c,x\n');
    expect(defaultFeatures(constant, 't').find((c) => c.name === 'k')?.reason).toBe('constant');
  });

  it('leaves out columns that hold personal data, saying which kind', async () => {
    const rows = ['email,segment,spend,churned'];
    for (let i = 0; i < 40; i++)
      rows.push(`user${i}@example.com,${i % 3 ? 'a' : 'b'},${i * 1.5},${i % 2 ? 'yes' : 'no'}`);
    const table = await readCsv(rows.join('\n'));
    const choices = defaultFeatures(table, 'churned');
    expect(choices.find((c) => c.name === 'email')).toEqual({
      name: 'email',
      included: false,
      reason: 'personal data: it holds e-mail addresses',
    });
    expect(choices.filter((c) => c.included).map((c) => c.name)).toEqual(['segment', 'spend']);
  });
});

describe('default features of a masked table', () => {
  it('leaves hashed and truncated columns out and lets a generalised one in', async () => {
    const { readCsv } = await import('../data/read-csv');
    const { maskTable } = await import('../privacy/mask');
    const lines = ['email,signup,plan,spend'];
    for (let i = 0; i < 40; i++) {
      lines.push(`user${i}@example.com,2024-0${(i % 9) + 1}-1${i % 10},${i % 2 ? 'a' : 'b'},${i}`);
    }
    const table = await readCsv(`${lines.join('\n')}\n`);
    const salt = new Uint8Array(32).fill(7);
    const masked = maskTable(
      table,
      [
        { column: 'email', method: 'hash' },
        { column: 'signup', method: 'generalize' },
        { column: 'plan', method: 'truncate', keep: 1 },
      ],
      salt,
    );
    const choices = defaultFeatures(masked, 'spend');
    expect(choices.find((c) => c.name === 'email')).toEqual({
      name: 'email',
      included: false,
      reason: 'masked personal data (hashed)',
    });
    expect(choices.find((c) => c.name === 'plan')?.reason).toBe('masked personal data (truncated)');
    expect(choices.find((c) => c.name === 'signup')?.included).toBe(true);
  });
});
