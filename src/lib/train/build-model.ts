import * as tf from '@tensorflow/tfjs';
import { requireModelKind } from './model-kinds/registry';
import type { Activation, Architecture, ModelKind, Task } from './types';

/** Chooses the layer stack for a task and model kind. */
export function architectureFor(options: {
  kind: ModelKind;
  task: Task;
  inputWidth: number;
  classCount: number;
  hidden?: number[];
  activation?: Activation;
  dropout?: number;
}): Architecture {
  const { kind, task, inputWidth, classCount } = options;
  const { hidden, dropout } = requireModelKind(kind).layers(options);
  return {
    inputWidth,
    hidden,
    activation: options.activation ?? 'relu',
    dropout,
    outputUnits: task === 'multiclass' ? classCount : 1,
    outputActivation: task === 'multiclass' ? 'softmax' : task === 'binary' ? 'sigmoid' : 'linear',
  };
}

/**
 * The name of each weight tensor, in the order `buildNetwork` makes them: `dense_0/kernel`,
 * `dense_0/bias`, `dense_1/kernel`, ... Fixed by the architecture alone, unlike tf.js's own
 * names, which count every layer built before in the process.
 */
export function weightNames(architecture: Architecture): string[] {
  const layers = architecture.hidden.length + 1;
  return Array.from({ length: layers }, (_, i) => [`dense_${i}/kernel`, `dense_${i}/bias`]).flat();
}

/** Builds the tf.js network for an architecture; seeded so a seed gives the same start. */
export function buildNetwork(architecture: Architecture, seed: number): tf.Sequential {
  const model = tf.sequential();
  const { hidden, activation, dropout, outputUnits, outputActivation } = architecture;
  const layers = [
    ...hidden.map((units) => ({ units, activation })),
    { units: outputUnits, activation: outputActivation },
  ];
  for (const [index, layer] of layers.entries()) {
    model.add(
      tf.layers.dense({
        ...layer,
        // Named, so that tf.js's own weight names match `weightNames` (its default counts
        // every layer built before in the process).
        name: `dense_${index}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + index }),
        ...(index === 0 ? { inputShape: [architecture.inputWidth] } : {}),
      }),
    );
    if (index < hidden.length && dropout > 0) {
      model.add(
        tf.layers.dropout({
          rate: dropout,
          seed: seed + 1000 + index + 1,
          name: `dropout_${index}`,
        }),
      );
    }
  }
  return model;
}
