/** How missing numbers are filled, fitted on the training rows (sklearn SimpleImputer strategies). */
export type Imputation = 'mean' | 'median' | 'most_frequent';

export interface PreprocessOptions {
  imputation: Imputation;
  /** Add a 0/1 input per column that had missing values in training. */
  missingIndicators: boolean;
  /** Categories seen in fewer training rows than this go to the "other" slot. */
  minCategoryCount: number;
}

export const DEFAULT_PREPROCESS: PreprocessOptions = {
  imputation: 'mean',
  missingIndicators: false,
  minCategoryCount: 2,
};

/** Standardise a number column after filling its missing cells. */
export interface NumericStep {
  column: string;
  kind: 'numeric';
  fill: number;
  mean: number;
  std: number;
  indicator: boolean;
  /** 'boolean' when the column held true/false values, so text rows are read as yes/no, t/f... */
  source?: 'boolean';
}

/** One-hot over the frequent training categories, plus one slot for rare and unseen ones. */
export interface OneHotStep {
  column: string;
  kind: 'one-hot';
  categories: string[];
  /** Missing cells take this category (the most frequent in training). */
  fill: string;
  indicator: boolean;
}

/** A date/time as its year (standardised) and cyclic parts (sin/cos of month, weekday, day, hour). */
export interface DatetimeStep {
  column: string;
  kind: 'datetime';
  fill: number;
  yearMean: number;
  yearStd: number;
  /** Whether the training values carry a time of day (then hour is encoded too). */
  hasTime: boolean;
  indicator: boolean;
}

export type FeatureStep = NumericStep | OneHotStep | DatetimeStep;

/** Preprocessing fitted on the training rows only; plain JSON so it can be stored and exported. */
export interface Preprocessing {
  steps: FeatureStep[];
  /** Number of model inputs the steps produce. */
  width: number;
  /** Input names in order (e.g. "colour=red", "date.month_sin"), for explanations and export. */
  inputs: string[];
}
