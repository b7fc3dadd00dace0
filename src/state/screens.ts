/** The app's screens, in the order the navigation shows them. */
export const SCREEN_IDS = ['data', 'train', 'models', 'optimize', 'deploy', 'monitor'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

/** The screen a URL hash names ('#/train'), or null when it names none. */
export function screenFromHash(hash: string): ScreenId | null {
  const id = /^#\/?([a-z-]+)$/.exec(hash)?.[1];
  return SCREEN_IDS.find((screen) => screen === id) ?? null;
}

/** The hash of a screen, for links: '#/train'. */
export function hashOf(screen: ScreenId): string {
  return `#/${screen}`;
}
