import type { ModelKindConfig } from './registry';

/** A small neural network: dense hidden layers (64 units by default), dropout after each. */
export const mlp: ModelKindConfig = {
  kind: 'mlp',
  label: 'neural network (MLP)',
  settings: ['hidden', 'activation', 'dropout'],
  layers: (settings) => ({ hidden: settings.hidden ?? [64], dropout: settings.dropout ?? 0 }),
};
