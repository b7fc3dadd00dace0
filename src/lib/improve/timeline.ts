/**
 * A project's story on one line of time: versions saved, stages changed (promotions,
 * archiving), alerts raised and decisions taken, newest first. Pure: the screen gives it what
 * the registry and the last monitoring check hold.
 */
import type { MonitorAlert } from '../monitor/alerts';
import type { VersionRecord } from '../registry/types';
import type { DecisionRecord } from './decision-types';

export type TimelineEvent =
  | { kind: 'saved'; time: number; version: VersionRecord }
  | { kind: 'stage'; time: number; version: VersionRecord; stage: VersionRecord['stage'] }
  | { kind: 'alert'; time: number; alert: MonitorAlert; versionId: string }
  | { kind: 'decision'; time: number; decision: DecisionRecord };

export function projectTimeline(
  versions: readonly VersionRecord[],
  decisions: readonly DecisionRecord[],
  alerts: readonly { versionId: string; alerts: readonly MonitorAlert[] }[] = [],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const version of versions) {
    events.push({ kind: 'saved', time: version.createdAt, version });
    for (const change of version.stageHistory) {
      // Every version starts at 'none' when saved: that says nothing the 'saved' event does not.
      if (change.stage === 'none' && change.at === version.createdAt) continue;
      events.push({ kind: 'stage', time: change.at, version, stage: change.stage });
    }
  }
  for (const { versionId, alerts: raised } of alerts) {
    for (const alert of raised) events.push({ kind: 'alert', time: alert.time, alert, versionId });
  }
  for (const decision of decisions)
    events.push({ kind: 'decision', time: decision.time, decision });
  // Newest first; at the same moment a decision comes before the stage change it made.
  const order = { decision: 0, stage: 1, saved: 2, alert: 3 } as const;
  return events.sort((a, b) => b.time - a.time || order[a.kind] - order[b.kind]);
}
