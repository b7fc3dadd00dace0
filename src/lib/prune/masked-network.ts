/**
 * A tf.js network holding a model's float32 weights, with a mask on each dense kernel that can
 * be re-applied after every optimizer step. Biases are never masked (TFMOT prunes a Dense
 * layer's kernel only).
 */
import * as tf from '@tensorflow/tfjs';
import { buildNetwork } from '../train/build-model';
import type { Architecture, Float32Weight } from '../train/types';

export class MaskedNetwork {
  readonly network: tf.Sequential;
  readonly #kernels: tf.Variable[];
  #masks: tf.Tensor[] = [];

  constructor(architecture: Architecture, seed: number) {
    this.network = buildNetwork(architecture, seed);
    // Weights come in `weightNames` order: kernel, bias, kernel, bias, ...
    this.#kernels = this.network.weights
      .filter((_, index) => index % 2 === 0)
      .map((weight) => weight.read() as tf.Variable);
  }

  /** Replaces every weight (in the model's order) and drops the masks. */
  setWeights(weights: readonly Float32Weight[]): void {
    const tensors = weights.map((weight) => tf.tensor(weight.values, weight.shape));
    try {
      this.network.setWeights(tensors);
    } finally {
      // setWeights copies into the network's own variables.
      tf.dispose(tensors);
    }
    this.setMasks([]);
  }

  /** Every kernel's current values, in layer order. */
  async kernelValues(): Promise<Float32Array[]> {
    return Promise.all(this.#kernels.map(async (kernel) => (await kernel.data()) as Float32Array));
  }

  /** Masks (1 keep, 0 prune) per kernel, in layer order; an empty list removes them. */
  setMasks(masks: readonly Uint8Array[]): void {
    tf.dispose(this.#masks);
    this.#masks = masks.map((mask, index) => tf.tensor(mask, this.#kernels[index]?.shape, 'bool'));
  }

  /** Sets every masked-out weight to +0 (`where` writes +0; multiplying by 0 can give -0). */
  applyMasks(): void {
    for (const [index, mask] of this.#masks.entries()) {
      const kernel = this.#kernels[index];
      if (!kernel) continue;
      tf.tidy(() => {
        kernel.assign(tf.where(mask, kernel, tf.zerosLike(kernel)));
      });
    }
  }

  /** Frees the network and the masks (an optimizer's slots are its own to free). */
  dispose(): void {
    tf.dispose(this.#masks);
    this.#masks = [];
    this.network.dispose();
  }
}
