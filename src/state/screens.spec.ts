import { describe, expect, it } from 'vitest';
import { hashOf, screenFromHash, SCREEN_IDS } from './screens';

describe('screen hashes', () => {
  it('round-trips every screen through its hash', () => {
    for (const screen of SCREEN_IDS) expect(screenFromHash(hashOf(screen))).toBe(screen);
  });

  it('accepts "#train" as well as "#/train", and nothing else', () => {
    expect(screenFromHash('#train')).toBe('train');
    expect(screenFromHash('')).toBeNull();
    expect(screenFromHash('#/')).toBeNull();
    expect(screenFromHash('#/trains')).toBeNull();
    expect(screenFromHash('#/train/extra')).toBeNull();
    expect(screenFromHash('#/__proto__')).toBeNull();
  });
});
