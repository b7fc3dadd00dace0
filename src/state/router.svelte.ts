import { hashOf, screenFromHash, type ScreenId } from './screens';

/**
 * Which screen is shown, kept in the URL hash: links change it, so back and forward move
 * between screens and a reload stays on the same one.
 */
export class Router {
  current = $state<ScreenId>('data');
  #window: Window;

  constructor(win: Window = window) {
    this.#window = win;
    this.current = screenFromHash(win.location.hash) ?? 'data';
  }

  /** Follows the hash from now on; returns the function that stops following it. */
  listen(): () => void {
    // Back to the first history entry (no hash) or to an unknown hash: the first screen.
    const follow = () => {
      this.current = screenFromHash(this.#window.location.hash) ?? 'data';
    };
    this.#window.addEventListener('hashchange', follow);
    return () => this.#window.removeEventListener('hashchange', follow);
  }

  /** Shows a screen, as a new history entry (so back returns to the screen before). */
  go(screen: ScreenId): void {
    if (this.current === screen) return;
    this.#window.location.hash = hashOf(screen);
    this.current = screen;
  }
}
