import { build } from 'vite';

/** Builds the production app once for all browser tests. */
export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
}
