/**
 * mulberry32, Tommy Ettinger's 32-bit generator (public domain; the form in
 * bryc/code `jshash/PRNGs.md`): one 32-bit state, period 2^32, uniform doubles in [0, 1) with
 * 32 random bits. Chosen for the bootstrap because it is a few integer operations, so that
 * make-fixtures.py can repeat it exactly in Python with 32-bit masking.
 */

/** What each draw adds to the state (mod 2^32) before mixing it into the output. */
export const MULBERRY32_STEP = 0x6d2b79f5;

/**
 * The draw for an already advanced state. Split out so that hot loops can keep the state in a
 * local variable: V8 inlines this function, not a closure that writes its captured state.
 */
export function mulberry32Output(a: number): number {
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A generator of uniform numbers in [0, 1), seeded with an integer in [0, 2^32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + MULBERRY32_STEP) >>> 0;
    return mulberry32Output(a);
  };
}
