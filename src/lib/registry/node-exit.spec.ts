/**
 * A script that opens the registry in Node and never closes it must still exit when its work
 * is done (the registry's BroadcastChannel used to keep the process alive forever).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = `
import 'fake-indexeddb/auto';
import { openRegistry } from './src/lib/registry/registry.ts';
import { fakeModel } from './src/lib/registry/fake-model.ts';
const registry = await openRegistry({ name: 'exit-test' });
const version = await registry.saveVersion(fakeModel());
console.log('saved', version.number);
`;

it('lets Node exit without close()', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(result.stderr).toBe('');
  expect(result.stdout.trim()).toBe('saved 1');
  expect(result.status).toBe(0);
  expect(performance.now() - started).toBeLessThan(30_000);
});
