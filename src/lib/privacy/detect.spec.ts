import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { detectPersonalData } from './detect';
import { DETECTORS, ibanValid, luhnValid } from './detectors';

const detector = (kind: string) => DETECTORS.find((d) => d.kind === kind)!;

describe('checksums', () => {
  it('Luhn accepts test card numbers and refuses a changed digit', () => {
    for (const card of [
      '4242424242424242',
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
    ]) {
      expect(luhnValid(card)).toBe(true);
    }
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('IBAN mod 97 accepts published examples and refuses a swapped pair', () => {
    for (const iban of [
      'GB82WEST12345698765432',
      'DE89370400440532013000',
      'FR1420041010050500013M02606',
    ]) {
      expect(ibanValid(iban)).toBe(true);
    }
    expect(ibanValid('GB82WEST12345698765423')).toBe(false);
  });
});

describe('detectors', () => {
  it.each([
    ['email', ['ada@example.com', 'j.doe+news@mail.co.uk'], ['ada@', 'not an email', 'a@b']],
    ['card', ['4242 4242 4242 4242', '4111-1111-1111-1111'], ['4242 4242 4242 4241', '12345']],
    ['iban', ['DE89 3704 0044 0532 0130 00'], ['DE89 3704 0044 0532 0130 01']],
    ['ip', ['192.168.1.20', '2001:db8::8a2e:370:7334'], ['256.1.1.1', '1.2.3', 'a:b']],
    [
      'phone',
      ['+44 20 7946 0958', '(555) 123-4567', '030 1234567'],
      ['12345678', '2021-01-05', '1.5'],
    ],
    ['name', ['Ada Lovelace', "Seán O'Brien", 'Marie-Claire Dupont'], ['iris setosa', 'ADA', '42']],
    [
      'address',
      ['221B Baker Street', '10 Downing St', 'Rue de Rivoli 99', 'Hauptstraße 5'],
      ['Baker', '221B'],
    ],
  ])('%s: matches what it should and nothing else', (kind, good, bad) => {
    for (const value of good) expect(detector(kind).test(value), value).toBe(true);
    for (const value of bad) expect(detector(kind).test(value), value).toBe(false);
  });

  it('masks the evidence so the value cannot be read back', () => {
    expect(detector('email').mask('ada@example.com')).toBe('a••@e••••.com');
    expect(detector('card').mask('4242 4242 4242 4242')).toBe('•••• •••• •••• 4242');
    expect(detector('ip').mask('192.168.1.20')).toBe('192.168.•.•');
    expect(detector('name').mask('Ada Lovelace')).toBe('A•• L••••');
  });
});

describe('detectPersonalData', () => {
  it('flags the columns that hold personal data, with counts and a hidden example', async () => {
    const csv = [
      'customer_name,email,card,ip,city,amount',
      'Ada Lovelace,ada@example.com,4242 4242 4242 4242,10.0.0.1,London,12.5',
      'Alan Turing,alan@example.org,4111 1111 1111 1111,10.0.0.2,Manchester,3',
      'Grace Hopper,grace@example.net,5555 5555 5555 4444,10.0.0.3,New York,7',
      'Edsger Dijkstra,not given,4242 4242 4242 4241,10.0.0.4,Rotterdam,1',
    ].join('\n');
    const findings = detectPersonalData(await readCsv(csv));
    const by = Object.fromEntries(findings.map((f) => [f.column, f]));
    expect(by['email']).toMatchObject({ kind: 'email', matches: 3, rows: 4 });
    expect(by['email']?.example).toMatch(/^[a-z]•+@e•+\.(com|org|net)$/);
    expect(by['card']).toMatchObject({ kind: 'card', matches: 3, rows: 4 });
    expect(by['ip']).toMatchObject({ kind: 'ip', matches: 4 });
    expect(by['customer_name']).toMatchObject({ kind: 'name', matches: 4 });
    // Cities are capitalised words too, but the column's name says nothing of people.
    expect(by['city']).toBeUndefined();
    expect(by['amount']).toBeUndefined();
    for (const finding of findings)
      expect(JSON.stringify(finding)).not.toMatch(/ada@|4242 4242 4242 4242|Lovelace/);
  });

  it('leaves the shared datasets alone', async () => {
    const { readFileSync } = await import('node:fs');
    for (const name of ['iris.csv', 'seattle-weather.csv', 'cars.csv']) {
      const table = await readCsv(
        readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url)),
      );
      expect(detectPersonalData(table), name).toEqual([]);
    }
  });
});

describe('the profile of a column with personal data', () => {
  it('carries the finding and none of the values', async () => {
    const { profileTable } = await import('../data/profile');
    const csv = [
      'email,plan',
      'ada@example.com,pro',
      'alan@example.org,free',
      'grace@example.net,pro',
    ].join('\n');
    const profile = profileTable(await readCsv(csv));
    const email = profile.columns.find((c) => c.name === 'email');
    expect(email?.personal).toMatchObject({ kind: 'email', matches: 3, rows: 3 });
    expect(email?.top).toBeUndefined();
    expect(JSON.stringify(profile)).not.toMatch(/ada@|alan@|grace@/);
    expect(profile.columns.find((c) => c.name === 'plan')?.personal).toBeNull();
  });
});
