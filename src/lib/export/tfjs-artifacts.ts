/**
 * A trained model's network as TF.js layers-model artifacts, which stock `tf.loadLayersModel`
 * reads (for example through `tf.io.fromMemory`), or which `tf.io` handlers write as
 * model.json plus a weights file.
 *
 * The artifacts hold the network only: our preprocessing (imputation, scaling, one-hot
 * encoding), the class labels and a regression model's target scale stay with our model. Feed
 * the loaded network `transformRows(model.preprocessing, table, rows)`; its outputs are the
 * probabilities (or the scaled regression value) our `predict` reports before unscaling.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import { modelPrecision } from '../model/weight-dtypes';
import { buildNetwork } from '../train/build-model';
import type { TrainedModel, WeightTensor } from '../train/types';

type ManifestEntry = tf.io.WeightsManifestEntry;

function notSupported(weight: WeightTensor, form: string, scheme: string): WorkbenchError {
  return new WorkbenchError(
    'not_yet_supported',
    `Cannot export a ${scheme} model to TF.js: weight ${weight.name} is ${form}, which TF.js layers models cannot store.`,
    {
      hint: 'Export the float32, float16 or uint8 (per tensor) version of this model instead.',
      details: { weight: weight.name, form, scheme },
    },
  );
}

/** The manifest entry and the bytes of one weight, as the TF.js converter writes them. */
function encodeWeight(
  weight: WeightTensor,
  scheme: string,
): { spec: ManifestEntry; bytes: Uint8Array } {
  const { name } = weight;
  const shape = [...weight.shape];
  // A view of the values' bytes (little-endian, as tf.js reads them); copied into weightData.
  const copy = (view: ArrayBufferView) =>
    new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  switch (weight.dtype) {
    case undefined:
    case 'float32':
      return { spec: { name, shape, dtype: 'float32' }, bytes: copy(weight.values) };
    case 'float16':
      // io_utils decodes the binary16 bit patterns exactly to float32.
      return {
        spec: { name, shape, dtype: 'float32', quantization: { dtype: 'float16' } },
        bytes: copy(weight.values),
      };
    case 'uint8': {
      if (weight.axis !== undefined) throw notSupported(weight, 'uint8 per channel', scheme);
      const { scale, zeroPoint } = weight;
      // The converter's nudged min: zero is the code zeroPoint exactly (-0 written as 0).
      const min = zeroPoint === 0 ? 0 : -zeroPoint * scale;
      return {
        spec: { name, shape, dtype: 'float32', quantization: { dtype: 'uint8', scale, min } },
        bytes: copy(weight.values),
      };
    }
    default:
      throw notSupported(weight, weight.dtype, scheme);
  }
}

/**
 * The topology with the model named 'tabular_workbench' instead of tf.js's counter
 * ('sequential_7'), so the same model always gives the same model.json.
 */
function withFixedName(
  topology: tf.io.ModelJSON['modelTopology'],
): tf.io.ModelJSON['modelTopology'] {
  const config = (topology as { config?: { name?: string } }).config;
  if (config) config.name = 'tabular_workbench';
  return topology;
}

/**
 * The model's network as `tf.io.ModelArtifacts`: the `modelTopology` tf.js's own
 * `model.save` writes (`toJSON(null, false)` of the network `buildNetwork` makes), and the
 * weights under the network's own names (`dense_0/kernel`, ...). float32 weights are stored as
 * float32; float16 and per-tensor uint8 weights as the TF.js converter quantizes them
 * (`quantization: { dtype: 'float16' }`, or `{ dtype: 'uint8', scale, min }` with min =
 * -zeroPoint * scale, so zero stays exactly representable); `tf.loadLayersModel` dequantizes
 * them on load. int8 (and int32, and per-channel uint8) weights are refused with
 * `not_yet_supported`: TF.js has no form for them. The network only: preprocessing stays with
 * our model (see the file comment).
 */
export function toTfjsArtifacts(model: TrainedModel): tf.io.ModelArtifacts {
  validateModel(model);
  // The quantization scheme the model records (a quantized model), else its precision.
  const recorded = (model as { quantization?: { scheme?: unknown } }).quantization?.scheme;
  const scheme = typeof recorded === 'string' ? recorded : modelPrecision(model);
  // Every weight is encoded (or refused) before any tf.js variable is made.
  const encoded = new Map(
    model.weights.map((w) => [w.name, { weight: w, ...encodeWeight(w, scheme) }]),
  );
  const network = buildNetwork(model.architecture, model.spec.seed);
  try {
    const specs: ManifestEntry[] = [];
    const parts: Uint8Array[] = [];
    for (const variable of network.weights) {
      // originalName is what `loadLayersModel` matches a spec against (`dense_0/kernel`).
      const name = variable.originalName;
      const entry = encoded.get(name);
      if (!entry || entry.weight.shape.join() !== variable.shape.join()) {
        throw new WorkbenchError(
          'invalid_model',
          `The model has no weight ${name} of shape [${variable.shape.join(', ')}].`,
          {
            hint: 'The weights do not fit the architecture; retrain or re-import the model.',
            details: { weight: name },
          },
        );
      }
      specs.push(entry.spec);
      parts.push(entry.bytes);
    }
    const weightData = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      weightData.set(part, offset);
      offset += part.byteLength;
    }
    return {
      modelTopology: withFixedName(network.toJSON(null, false)),
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: null,
      weightSpecs: specs,
      weightData: weightData.buffer,
    };
  } finally {
    network.dispose();
  }
}
