import { classifyFiles } from '../lib/files/classify-files';
import { WorkbenchError } from '../lib/errors';
import type { RegistryState } from './registry.svelte';
import type { Router } from './router.svelte';
import type { WorkbenchState } from './workbench.svelte';

/**
 * Opens files dropped on the window, each where it belongs: tables to the Data screen (queued
 * behind a file being read), a backup to the Models screen's import, a model (a bundle, or TF.js
 * files with preprocess.json) to model import.
 * What cannot be opened is named in the error banner; nothing is dropped without a word.
 */
export async function openFiles(
  files: File[],
  app: WorkbenchState,
  registry: RegistryState,
  router: Router,
): Promise<void> {
  const routes = await classifyFiles(files.map((file) => ({ file, name: file.name })));
  const refusals: string[] = [];
  for (const route of routes) {
    if (route.kind === 'table') {
      router.go('data');
      void app.data.loadFile(route.file, route.name);
    } else if (route.kind === 'backup') {
      router.go('models');
      void registry.importBackup(route.file);
    } else if (route.kind === 'model') {
      router.go('models');
      void app.transfer.importFiles(route.files);
    } else {
      refusals.push(route.reason);
    }
  }
  if (refusals.length > 0) {
    app.showError(
      new WorkbenchError('unsupported_file', refusals.join(' '), {
        hint: 'Drop a CSV or TSV file, a workbench backup (.zip), or a model.',
      }),
    );
  }
}
