import { describe, expect, it } from 'vitest';
import { PauseController } from './pause';

describe('PauseController', () => {
  it('says once per pause when the run actually stops, and never while running', async () => {
    const pause = new PauseController();
    let holds = 0;
    pause.onHold = () => holds++;
    await pause.wait();
    expect(holds).toBe(0);
    pause.pause();
    expect(holds).toBe(0); // asked, but the run has not reached a wait yet
    const first = pause.wait();
    const second = pause.wait();
    expect(holds).toBe(1);
    pause.resume();
    await Promise.all([first, second]);
    pause.pause();
    const third = pause.wait();
    expect(holds).toBe(2);
    pause.resume();
    await third;
  });
});
