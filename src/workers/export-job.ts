/**
 * Export and import jobs. An export writes a saved version's bundle after running its ONNX
 * model in onnxruntime-web on the version's test rows (from the loaded table when it is the
 * training table, else from the reference data), so the card and the page can say how far an
 * independent runtime's predictions are from the workbench's. An import reads a bundle or TF.js
 * files and saves the model as a new version tagged 'imported'.
 */
import { explainData } from './explain-job';
import { loadedTrainingTable } from './lineage-reference';
import {
  bundleFileName,
  explainModel,
  exportModel,
  importModel,
  splitFor,
  toWorkbenchError,
  verifyOnnx,
  WorkbenchError,
  type CardImportance,
  type OnnxVerification,
  type Registry,
  type Table,
  type TrainedModel,
  type VersionRecord,
} from '../lib/index';
import type { ExportResult } from './protocol';
import { onnxRuntime } from './onnx-runtime';
import { formatBytes } from '../lib/format';

/** The rows to check on: the loaded table's test split, or the reference data's test rows. */
async function testRows(
  registry: Registry,
  versionId: string,
  model: TrainedModel,
  loaded: Table | null,
): Promise<{ table: Table; rows: number[] } | null> {
  const table = loadedTrainingTable(loaded, model);
  if (table) {
    try {
      return { table, rows: splitFor(model, table).test };
    } catch (error) {
      if (!(error instanceof WorkbenchError) || error.code !== 'dataset_mismatch') throw error;
    }
  }
  const record = await registry.getVersion(versionId);
  if (record.referenceBytes === null) return null;
  const reference = await registry.loadReference(versionId);
  const rows = reference.splits.flatMap((split, row) => (split === 'test' ? [row] : []));
  return rows.length > 0 ? { table: reference.table, rows } : null;
}

async function check(
  registry: Registry,
  versionId: string,
  model: TrainedModel,
  loaded: Table | null,
  signal: AbortSignal,
  onnx: Uint8Array,
): Promise<OnnxVerification | null> {
  const data = await testRows(registry, versionId, model, loaded);
  if (!data || signal.aborted) return null;
  let runtime;
  try {
    runtime = await onnxRuntime();
  } catch (error) {
    throw new WorkbenchError(
      'export_check_failed',
      `onnxruntime-web could not start: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'Go online once so the workbench can keep the runtime for offline use.',
        cause: error,
      },
    );
  }
  return verifyOnnx(runtime, model, onnx, data.table, data.rows);
}

export async function exportVersion(
  registry: Registry,
  versionId: string,
  loaded: Table | null,
  signal: AbortSignal,
): Promise<ExportResult> {
  const [record, model] = await Promise.all([
    registry.getVersion(versionId),
    registry.loadVersion<TrainedModel>(versionId),
  ]);
  // The parent's test metrics (for the card's accuracy change), without reading its weights.
  const [projects, parentTest] = await Promise.all([
    registry.listProjects(),
    record.parentId
      ? registry
          .loadDetails(record.parentId)
          .then((details) => (details.metrics as TrainedModel['metrics']).test)
          .catch(() => null)
      : null,
  ]);
  const project = projects.find((p) => p.id === record.projectId)?.name ?? model.target;
  let verification: OnnxVerification | null = null;
  let checkError: ExportResult['checkError'] = null;
  const importance = await cardImportance(registry, versionId, model, loaded, signal);
  const files = await exportModel(model, {
    format: 'bundle',
    name: `${project} v${record.number}`,
    importance,
    ...(parentTest && { parent: { metrics: { test: parentTest } } }),
    // The bundle's own model.onnx, checked before its card is written.
    verify: async (onnx) => {
      try {
        verification = await check(registry, versionId, model, loaded, signal, onnx);
      } catch (error) {
        // The bundle is still worth having; the page shows why it was not checked.
        checkError = toWorkbenchError(error).toJSON();
      }
      return verification;
    },
  });
  if (signal.aborted) throw new WorkbenchError('aborted', 'The work was cancelled.');
  const bytes = files['model.zip'];
  if (!bytes) throw new WorkbenchError('internal', 'The bundle was not written.');
  return {
    fileName: bundleFileName(project, record.number, record.precision),
    bytes,
    verification,
    checkError,
  };
}

/**
 * The card's global importances, on the version's own rows; a version with no rows to explain
 * on (an imported bundle) gets a card without them rather than no bundle.
 */
async function cardImportance(
  registry: Registry,
  versionId: string,
  model: TrainedModel,
  loaded: Table | null,
  signal: AbortSignal,
): Promise<CardImportance | null> {
  try {
    return await explainModel(model, await explainData(registry, versionId, model, loaded), {
      signal,
    });
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'no_explain_rows') return null;
    throw error;
  }
}

/** Imports a bundle or TF.js files and saves the model as a version tagged 'imported'. */
export async function importVersion(
  registry: Registry,
  files: Record<string, Uint8Array>,
  fileNames: string,
): Promise<VersionRecord> {
  const model = await importModel(files);
  return registry.saveVersion(model, {
    note: `Imported from ${fileNames}`,
    tags: ['imported'],
  });
}

/**
 * The most bytes an import reads into memory: a bundle of a model at the largest size the
 * workbench trains (50M parameters) holds its weights three times (TF.js, ONNX, workbench).
 */
const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

/** The dropped or picked files as bytes by name, refused by size before any is read. */
export async function readImportFiles(
  files: { name: string; file: Blob }[],
): Promise<Record<string, Uint8Array>> {
  const total = files.reduce((sum, { file }) => sum + file.size, 0);
  if (total > MAX_IMPORT_BYTES) {
    throw new WorkbenchError(
      'model_file_too_large',
      `The files hold ${formatBytes(total)}; a model import reads at most ${formatBytes(MAX_IMPORT_BYTES)}.`,
      {
        hint: 'Choose the bundle .zip the workbench wrote, or model.json with its .bin and preprocess.json only.',
      },
    );
  }
  const bytes: Record<string, Uint8Array> = {};
  for (const { name, file } of files) bytes[name] = new Uint8Array(await file.arrayBuffer());
  return bytes;
}
