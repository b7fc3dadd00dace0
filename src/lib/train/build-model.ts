import * as tf from '@tensorflow/tfjs';
import type { Architecture, ModelKind, Task } from './types';

/** Chooses the layer stack for a task and model kind. */
export function architectureFor(options: {
  kind: ModelKind;
  task: Task;
  inputWidth: number;
  classCount: number;
  hidden?: number[];
}): Architecture {
  const { kind, task, inputWidth, classCount } = options;
  return {
    inputWidth,
    hidden: kind === 'mlp' ? (options.hidden ?? [64]) : [],
    activation: 'relu',
    outputUnits: task === 'multiclass' ? classCount : 1,
    outputActivation: task === 'multiclass' ? 'softmax' : task === 'binary' ? 'sigmoid' : 'linear',
  };
}

/** Builds the tf.js network for an architecture; seeded so a seed gives the same start. */
export function buildNetwork(architecture: Architecture, seed: number): tf.Sequential {
  const model = tf.sequential();
  let layerIndex = 0;
  const init = () => tf.initializers.glorotUniform({ seed: seed + layerIndex++ });
  architecture.hidden.forEach((units, index) => {
    model.add(
      tf.layers.dense({
        units,
        activation: architecture.activation,
        kernelInitializer: init(),
        ...(index === 0 ? { inputShape: [architecture.inputWidth] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: architecture.outputUnits,
      activation: architecture.outputActivation,
      kernelInitializer: init(),
      ...(architecture.hidden.length === 0 ? { inputShape: [architecture.inputWidth] } : {}),
    }),
  );
  return model;
}

/** The tf.js loss for a task. */
export function lossFor(task: Task): string {
  if (task === 'multiclass') return 'categoricalCrossentropy';
  if (task === 'binary') return 'binaryCrossentropy';
  return 'meanSquaredError';
}
