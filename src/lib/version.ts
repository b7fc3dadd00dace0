/** The workbench's version, written into exports and model cards (package.json's, tested). */
export const WORKBENCH_VERSION = '0.1.0';
