/**
 * The population stability index on binned shares, as Evidently computes it
 * (`evidently/calculations/stattests/psi.py`): sum (ref - cur) ln(ref / cur), with the shares
 * from `binnedPercents(..., fillZeroes = true)` so that no share is 0.
 */
import { checkValues } from './validate';

export type PsiBand = 'none' | 'moderate' | 'major';

/** sum_i (ref_i - cur_i) ln(ref_i / cur_i). Every share must be > 0 (fill zeroes first). */
export function populationStabilityIndex(
  refPercents: ArrayLike<number>,
  curPercents: ArrayLike<number>,
): number {
  if (refPercents.length !== curPercents.length) {
    throw new RangeError(
      `refPercents has ${refPercents.length} bins and curPercents ${curPercents.length}; they must match.`,
    );
  }
  checkValues(refPercents, 'refPercents', true);
  checkValues(curPercents, 'curPercents', true);
  let psi = 0;
  for (let i = 0; i < refPercents.length; i++) {
    const ref = refPercents[i]!;
    const cur = curPercents[i]!;
    // A zero share makes the term infinite (or NaN); binnedPercents' fillZeroes prevents it.
    if (!(ref > 0) || !(cur > 0)) {
      throw new RangeError(`bin ${i} has a share of ${ref > 0 ? cur : ref}; shares must be > 0.`);
    }
    psi += (ref - cur) * Math.log(ref / cur);
  }
  return psi;
}

/** The usual reading of PSI: < 0.1 no shift, 0.1 to 0.25 moderate, >= 0.25 major. */
export function psiBand(psi: number): PsiBand {
  if (psi < 0.1) return 'none';
  return psi < 0.25 ? 'moderate' : 'major';
}
