/**
 * What can be wrong with a zip, as data: each reader of zips (backups, model bundles) turns it
 * into its own coded WorkbenchError, since "the backup is damaged" and "the model file is
 * damaged" tell the user different things.
 */
export type ZipProblem =
  /** Not a zip at all. */
  | 'not_zip'
  /** The end of the file is missing (a cut-off download or copy). */
  | 'truncated'
  /** Structure, names, checksums or sizes are wrong. */
  | 'corrupt'
  /** Over one of the limits in ZIP_LIMITS (a compression bomb, too many entries...). */
  | 'too_large';

export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
  }
}
