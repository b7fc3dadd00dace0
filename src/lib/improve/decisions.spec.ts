import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { fakeModel } from '../registry/fake-model';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { projectTimeline } from './timeline';

const freshRegistry = freshRegistries('decisions-test');

const comparison = {
  rows: 200,
  metric: 'accuracy',
  champion: 0.81,
  challenger: 0.9,
  gain: 0.09,
  test: { kind: 'mcnemar' as const, statistic: 4, pValue: 0.003 },
};

describe('decision records', () => {
  it('promote a challenger with its evidence in one write, roll back in one click, and tell the story', async () => {
    const registry = await freshRegistry();
    const champion = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const challenger = await registry.saveVersion(fakeModel({}, 12, 2), {
      projectId: champion.projectId,
    });
    const promoted = await registry.recordDecision({
      projectId: champion.projectId,
      kind: 'promote',
      championId: champion.id,
      challengerId: challenger.id,
      note: 'Drift in petal length; the challenger wins.',
      comparison,
      evidence: ['50% of the features drifted (petal_length, petal_width).'],
    });
    expect((await registry.getVersion(challenger.id)).stage).toBe('production');
    expect((await registry.getVersion(champion.id)).stage).toBe('archived');
    const kept = await registry.recordDecision({
      projectId: champion.projectId,
      kind: 'keep',
      championId: challenger.id,
      challengerId: champion.id,
      time: promoted.time + 1,
    });
    expect((await registry.getVersion(challenger.id)).stage).toBe('production');
    const rollback = await registry.recordDecision({
      projectId: champion.projectId,
      kind: 'rollback',
      championId: challenger.id,
      challengerId: champion.id,
      time: promoted.time + 2,
    });
    expect((await registry.getVersion(champion.id)).stage).toBe('production');
    registry.close();
    const reopened = await freshRegistry({ name: registry.name });
    const decisions = await reopened.listDecisions(champion.projectId);
    expect(decisions.map((d) => d.kind)).toEqual(['promote', 'keep', 'rollback']);
    expect(decisions[0]).toEqual(promoted);
    expect(decisions[1]).toEqual(kept);

    const versions = await reopened.listVersions();
    const timeline = projectTimeline(versions, decisions);
    expect(timeline[0]).toMatchObject({ kind: 'decision', decision: { id: rollback.id } });
    expect(timeline.filter((e) => e.kind === 'decision')).toHaveLength(3);
    expect(timeline.filter((e) => e.kind === 'saved')).toHaveLength(2);
    expect(timeline.at(-1)?.kind).toBe('saved');
  });

  it('travel in backups with their project, once', async () => {
    const registry = await freshRegistry();
    const champion = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const challenger = await registry.saveVersion(fakeModel({}, 12, 2), {
      projectId: champion.projectId,
    });
    const decision = await registry.recordDecision({
      projectId: champion.projectId,
      kind: 'promote',
      championId: champion.id,
      challengerId: challenger.id,
      comparison,
      evidence: ['an alert'],
    });
    const backup = await registry.exportBackup();
    const target = await freshRegistry();
    expect((await target.importBackup(backup)).decisionsAdded).toBe(1);
    expect(await target.listDecisions(champion.projectId)).toEqual([decision]);
    expect((await target.importBackup(backup)).decisionsAdded).toBe(0);
    const other = await registry.saveVersion(fakeModel({ target: 'z' }));
    const alone = await registry.exportBackup({ projectId: other.projectId });
    const third = await freshRegistry();
    expect((await third.importBackup(alone)).decisionsAdded).toBe(0);
  });

  it('refuses what does not hold together, and changes nothing', async () => {
    const registry = await freshRegistry();
    const champion = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const other = await registry.saveVersion(fakeModel({ target: 'z' }));
    const cases: unknown[] = [
      {
        projectId: champion.projectId,
        kind: 'promote',
        championId: champion.id,
        challengerId: null,
      },
      { projectId: champion.projectId, kind: 'merge', championId: null, challengerId: champion.id },
      {
        projectId: champion.projectId,
        kind: 'promote',
        championId: champion.id,
        challengerId: other.id,
      },
      {
        projectId: champion.projectId,
        kind: 'keep',
        championId: champion.id,
        challengerId: null,
        comparison: { ...comparison, test: { ...comparison.test, pValue: 2 } },
      },
    ];
    for (const input of cases) {
      expect((await refusal(registry.recordDecision(input as never))).code).toBe(
        'invalid_decision',
      );
    }
    expect(
      (
        await refusal(
          registry.recordDecision({
            projectId: champion.projectId,
            kind: 'promote',
            championId: null,
            challengerId: 'nope',
          }),
        )
      ).code,
    ).toBe('version_not_found');
    expect(await registry.listDecisions(champion.projectId)).toEqual([]);
    expect((await registry.getVersion(champion.id)).stage).toBe('production');
    // One edited in devtools into nonsense is left out of the list.
    const db = await openDB(registry.name);
    await db.put('decisions', { id: 'x', projectId: champion.projectId, time: 1, kind: 'promote' });
    db.close();
    expect(await registry.listDecisions(champion.projectId)).toEqual([]);
  });
});
