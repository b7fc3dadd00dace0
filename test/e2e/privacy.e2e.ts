import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

/** A small customer table with an e-mail, a card number and a name per row. */
function customers(): string {
  const lines = ['customer_name,email,card_number,plan,spend,churned'];
  const first = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John'];
  const last = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Backus'];
  const cards = ['4242 4242 4242 4242', '4111 1111 1111 1111', '5555 5555 5555 4444'];
  for (let i = 0; i < 60; i++) {
    const name = `${first[i % 8]} ${last[(i * 3) % 8]}`;
    const email = `${name.toLowerCase().replace(' ', '.')}${i}@example.com`;
    lines.push(
      `${name},${email},${cards[i % 3]},${i % 2 ? 'pro' : 'free'},${(i * 7) % 50},${i % 3 ? 'no' : 'yes'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('personal data at ingest', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('flags the columns with evidence, shows no value of them, and leaves them out of the features', async () => {
    const page = await session.openApp();
    await dropFiles(page, [{ name: 'customers.csv', text: customers() }]);
    await page
      .getByTestId('dataset-summary')
      .filter({ hasText: '60 rows' })
      .waitFor({ timeout: 60_000 });
    const chips = page.getByTestId('personal-data');
    await expect.poll(() => chips.count()).toBe(3);
    const text = (await chips.allTextContents()).join(' | ');
    expect(text).toContain('personal data: e-mail addresses (60 of 60)');
    expect(text).toContain('personal data: payment card numbers (60 of 60)');
    expect(text).toContain('personal data: person names (60 of 60)');
    const data = (await page.locator('main').textContent()) ?? '';
    expect(data).not.toMatch(/@example\.com|4242 4242 4242 4242|Lovelace/);
    expect(data).toMatch(/•••• •••• •••• (4242|1111|4444), … \(hidden: personal data\)/);
    await screenshot(page, 'privacy-profile');

    await showScreen(page, 'train');
    await page.getByTestId('target-select').selectOption('churned');
    for (const column of ['customer_name', 'email', 'card_number']) {
      // Unticked, with the reason beside it.
      const box = page.getByRole('checkbox', {
        name: new RegExp(`^${column} \\(personal data: it holds `),
      });
      await expect.poll(() => box.isChecked()).toBe(false);
    }
    expect(await page.getByRole('checkbox', { name: 'plan', exact: true }).isChecked()).toBe(true);
    expect(session.watch.errors).toEqual([]);
  });

  it('takes columns named __proto__, constructor and markup as plain names, from the profile to a prediction', async () => {
    const lines = ['__proto__,constructor,<img src=x onerror=alert(1)>,label'];
    for (let i = 0; i < 80; i++) {
      lines.push(
        `${i % 7},${i % 2 ? '<b>bold</b>' : 'plain'},${(i * 3) % 11},${i % 7 > 3 ? 'high' : 'low'}`,
      );
    }
    const page = await session.openApp();
    await dropFiles(page, [{ name: 'hostile.csv', text: `${lines.join('\n')}\n` }]);
    await page
      .getByTestId('dataset-summary')
      .filter({ hasText: '80 rows' })
      .waitFor({ timeout: 60_000 });
    const profile = page.getByTestId('profile-table');
    expect(await profile.locator('th[scope=row]').allTextContents()).toEqual([
      '__proto__',
      'constructor',
      '<img src=x onerror=alert(1)>',
      'label',
    ]);
    // Markup in names and values stays text: nothing is parsed as HTML.
    expect(await page.locator('main img, main b').count()).toBe(0);
    // No kind was chosen by the user, whatever the column's name.
    expect(await profile.getByText('read as', { exact: false }).count()).toBe(0);

    await showScreen(page, 'train');
    await page.getByTestId('target-select').selectOption('label');
    for (const name of ['__proto__', 'constructor', '<img src=x onerror=alert(1)>']) {
      await expect
        .poll(() => page.getByRole('checkbox', { name, exact: true }).isChecked())
        .toBe(true);
    }
    await trainAndWaitSaved(page);

    await showScreen(page, 'deploy');
    const form = page.getByTestId('predict-form');
    await form.getByLabel('__proto__').fill('5');
    await form.getByLabel('constructor').fill('plain');
    await form.getByLabel('<img src=x onerror=alert(1)>').fill('4');
    await form.getByRole('button', { name: 'Predict', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('predicted-label').textContent())
      .toMatch(/^(high|low)$/);
    expect(await form.getByLabel('__proto__').inputValue()).toBe('5');
    await screenshot(page, 'hostile-names');
    expect(session.watch.errors).toEqual([]);
  });
});
