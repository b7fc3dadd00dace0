import type { Component } from 'svelte';
import type { RegistryState } from '../state/registry.svelte';
import type { ScreenId } from '../state/screens';
import type { WorkbenchState } from '../state/workbench.svelte';
import DataScreen from './data/DataScreen.svelte';
import DeployScreen from './deploy/DeployScreen.svelte';
import ModelsScreen from './models/ModelsScreen.svelte';
import MonitorScreen from './monitor/MonitorScreen.svelte';
import OptimizeScreen from './optimize/OptimizeScreen.svelte';
import TrainScreen from './train/TrainScreen.svelte';

/** What every screen is given; each takes the parts it needs. */
export interface ScreenProps {
  app: WorkbenchState;
  registry: RegistryState;
}

/** A screen of the app: adding one is a folder under src/ui and a line here. */
export interface Screen {
  id: ScreenId;
  label: string;
  component: Component<ScreenProps>;
}

export const SCREENS: readonly Screen[] = [
  { id: 'data', label: 'Data', component: DataScreen },
  { id: 'train', label: 'Train', component: TrainScreen },
  { id: 'models', label: 'Models', component: ModelsScreen },
  { id: 'optimize', label: 'Optimize', component: OptimizeScreen },
  { id: 'deploy', label: 'Deploy', component: DeployScreen },
  { id: 'monitor', label: 'Monitor', component: MonitorScreen },
];
