/**
 * A decision about a project's model: promote a challenger (or roll back to an older version),
 * or keep the champion. Each is kept with its evidence (the comparison, its test, the alerts that
 * started it), because the record of why is the point of model management.
 */
import * as v from 'valibot';

export type DecisionKind = 'promote' | 'keep' | 'rollback';

export const DECISION_KINDS: readonly DecisionKind[] = ['promote', 'keep', 'rollback'];

/** What a comparison contributed: both models' scores and the test of the difference. */
export interface DecisionComparison {
  rows: number;
  metric: string;
  champion: number;
  challenger: number;
  gain: number;
  test: { kind: 'mcnemar' | 'bootstrap'; statistic: number | null; pValue: number };
}

export interface DecisionRecord {
  id: string;
  projectId: string;
  /** When it was decided, ms since 1970. */
  time: number;
  kind: DecisionKind;
  /** Whether the project's automation decided it. */
  automatic: boolean;
  /** The production version when it was decided (null if none). */
  championId: string | null;
  /** The version promoted, rolled back to, or not promoted. */
  challengerId: string | null;
  note: string;
  comparison: DecisionComparison | null;
  /** What started it: the alerts shown at the time, in a line each. */
  evidence: string[];
}

export type DecisionInput = Omit<
  DecisionRecord,
  'id' | 'time' | 'automatic' | 'note' | 'comparison' | 'evidence'
> &
  Partial<Pick<DecisionRecord, 'time' | 'automatic' | 'note' | 'comparison' | 'evidence'>>;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const finite = v.pipe(v.number(), v.finite());

export const decisionSchema = v.strictObject({
  id,
  projectId: id,
  time: finite,
  kind: v.picklist(DECISION_KINDS),
  automatic: v.boolean(),
  championId: v.nullable(id),
  challengerId: v.nullable(id),
  note: text(10_000),
  comparison: v.nullable(
    v.strictObject({
      rows: v.pipe(v.number(), v.integer(), v.minValue(0)),
      metric: text(100),
      champion: finite,
      challenger: finite,
      gain: finite,
      test: v.strictObject({
        kind: v.picklist(['mcnemar', 'bootstrap']),
        statistic: v.nullable(finite),
        pValue: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
      }),
    }),
  ),
  evidence: v.pipe(v.array(text(2_000)), v.maxLength(200)),
});
