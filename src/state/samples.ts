/** The datasets built into the app (shipped from public/samples, precached for offline use). */
export const SAMPLES = [
  { id: 'iris', file: 'iris.csv', label: 'Iris flowers (150 rows, 3 species)', target: 'species' },
  {
    id: 'seattle-weather',
    file: 'seattle-weather.csv',
    label: 'Seattle weather (1,461 days)',
    target: 'weather',
  },
  {
    id: 'cars',
    file: 'cars.csv',
    label: 'Cars (406 models, fuel economy)',
    target: 'Miles_per_Gallon',
  },
] as const;

export type SampleId = (typeof SAMPLES)[number]['id'];
