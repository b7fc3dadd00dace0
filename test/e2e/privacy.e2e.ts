import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, screenshot, showScreen } from './app';
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
});
