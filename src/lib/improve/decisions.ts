/**
 * Decisions in the registry: recorded in the same strict transaction as the stage change they
 * make (promoting a challenger archives the production version), so a record never tells of a
 * promotion that did not happen, nor a promotion happen without its record.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import type { RegistryConnection } from '../registry/connection';
import { firstIssue } from '../registry/record-schemas';
import type { VersionRecord } from '../registry/types';
import { demoteProduction, getLive } from '../registry/version-rules';
import { decisionSchema, type DecisionInput, type DecisionRecord } from './decision-types';

function invalid(problem: string): WorkbenchError {
  return new WorkbenchError('invalid_decision', `This decision cannot be recorded: ${problem}.`, {
    hint: 'Give the project, the kind (promote, keep or rollback) and the versions it is about.',
  });
}

export async function recordDecision(
  conn: RegistryConnection,
  input: DecisionInput,
): Promise<DecisionRecord> {
  if (!conn.has('decisions')) throw conn.olderSchema('decision records');
  const record = {
    id: crypto.randomUUID(),
    time: Date.now(),
    automatic: false,
    note: '',
    comparison: null,
    evidence: [],
    ...input,
  };
  const parsed = v.safeParse(decisionSchema, record);
  if (!parsed.success) throw invalid(firstIssue(parsed.issues));
  const decision = parsed.output;
  if (decision.kind !== 'keep' && !decision.challengerId) {
    throw invalid(`a ${decision.kind} needs the version it puts in production (challengerId)`);
  }
  const now = decision.time;
  return conn.write(['versions', 'decisions'], 0, async (tx) => {
    for (const versionId of [decision.championId, decision.challengerId]) {
      if (!versionId) continue;
      const version = await getLive(tx, versionId);
      if (version.projectId !== decision.projectId) {
        throw invalid(`version ${version.number} belongs to another project`);
      }
    }
    if (decision.kind !== 'keep' && decision.challengerId) {
      const chosen: VersionRecord = await getLive(tx, decision.challengerId);
      if (chosen.stage !== 'production') {
        await demoteProduction(tx, chosen.projectId, chosen.id, now);
        await tx.objectStore('versions').put({
          ...chosen,
          stage: 'production',
          stageHistory: [...chosen.stageHistory, { stage: 'production', at: now }],
        });
      }
    }
    await tx.objectStore('decisions').put(decision);
    return decision;
  });
}

/** A project's decisions, oldest first; damaged records are left out. */
export async function listDecisions(
  conn: RegistryConnection,
  projectId: string,
): Promise<DecisionRecord[]> {
  if (!conn.has('decisions')) return [];
  const all = await conn
    .open()
    .getAllFromIndex(
      'decisions',
      'byProject',
      IDBKeyRange.bound([projectId, -Infinity], [projectId, Infinity]),
    );
  return all
    .filter((d): d is DecisionRecord => v.is(decisionSchema, d))
    .sort((a, b) => a.time - b.time);
}
