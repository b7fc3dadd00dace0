import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // The Svelte plugin compiles the runes in src/state/*.svelte.ts, so state classes are
        // tested in Node like the rest.
        plugins: [svelte()],
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.spec.ts', 'test/unit/**/*.spec.ts'],
          exclude: ['src/**/*.hostile.spec.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Hostile inputs, with time, memory and event-loop bounds: one file at a time, after the
        // unit tests, so that no other test competes for the two cores while they are measured.
        test: {
          name: 'hostile',
          environment: 'node',
          include: ['src/**/*.hostile.spec.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // One Chromium at a time: SwiftShader WebGPU needs both cores.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
