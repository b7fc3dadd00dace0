import * as tf from '@tensorflow/tfjs';
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
  return {
    inputWidth,
    hidden: kind === 'mlp' ? (options.hidden ?? [64]) : [],
    activation: options.activation ?? 'relu',
    dropout: kind === 'mlp' ? (options.dropout ?? 0) : 0,
    outputUnits: task === 'multiclass' ? classCount : 1,
    outputActivation: task === 'multiclass' ? 'softmax' : task === 'binary' ? 'sigmoid' : 'linear',
  };
}

/** Builds the tf.js network for an architecture; seeded so a seed gives the same start. */
export function buildNetwork(architecture: Architecture, seed: number): tf.Sequential {
  const model = tf.sequential();
  let layerIndex = 0;
  const init = () => tf.initializers.glorotUniform({ seed: seed + layerIndex++ });
  let inputShape: [number] | undefined = [architecture.inputWidth];
  const first = () => {
    const shape = inputShape;
    inputShape = undefined;
    return shape ? { inputShape: shape } : {};
  };
  for (const units of architecture.hidden) {
    model.add(
      tf.layers.dense({
        units,
        activation: architecture.activation,
        kernelInitializer: init(),
        ...first(),
      }),
    );
    if (architecture.dropout > 0) {
      model.add(tf.layers.dropout({ rate: architecture.dropout, seed: seed + 1000 + layerIndex }));
    }
  }
  model.add(
    tf.layers.dense({
      units: architecture.outputUnits,
      activation: architecture.outputActivation,
      kernelInitializer: init(),
      ...first(),
    }),
  );
  return model;
}
