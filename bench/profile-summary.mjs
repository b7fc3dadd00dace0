/**
 * Turns a V8 CPU profile (CDP Profiler.stop) into its top functions by self time: the time a
 * function spent in its own code, not in what it called.
 */

/** @typedef {import('./types.ts').ProfileEntry} ProfileEntry */
/**
 * @typedef {object} CallFrame
 * @property {string} functionName
 * @property {string} url
 * @property {number} lineNumber 0-based
 * @property {number} columnNumber 0-based
 */
/**
 * @typedef {object} CpuProfile
 * @property {{ id: number, callFrame: CallFrame }[]} nodes
 * @property {number} startTime microseconds
 * @property {number} endTime microseconds
 * @property {number[]} [samples] node id of each sample
 * @property {number[]} [timeDeltas] microseconds between a sample and the one before it
 */

const TOP = 15;

/** @typedef {(url: string, line: number, column: number) => Promise<string>} Locate */

/**
 * @param {CpuProfile} profile
 * @param {Locate} locate maps a bundle position to its original source ('' when unknown)
 * @returns {Promise<ProfileEntry[]>}
 */
export async function summariseProfile(profile, locate) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  /** @type {Map<string, { entry: ProfileEntry, frame: CallFrame }>} */
  const byFunction = new Map();
  let time = profile.startTime;
  for (const [index, nodeId] of samples.entries()) {
    time += deltas[index] ?? 0;
    // A sample lasts until the next one (the last one until the profile ends).
    const next = index + 1 < samples.length ? time + (deltas[index + 1] ?? 0) : profile.endTime;
    const frame = frames.get(nodeId);
    if (!frame) continue;
    const key = `${frame.functionName}@${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const found = byFunction.get(key) ?? { entry: emptyEntry(frame), frame };
    found.entry.selfMs += (next - time) / 1000;
    byFunction.set(key, found);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const top = [...byFunction.values()]
    .sort((a, b) => b.entry.selfMs - a.entry.selfMs)
    .slice(0, TOP);
  return Promise.all(
    top.map(async ({ entry, frame }) => ({
      ...entry,
      source: await locate(frame.url, frame.lineNumber, frame.columnNumber),
      selfShare: totalMs > 0 ? entry.selfMs / totalMs : 0,
    })),
  );
}

/**
 * @param {CallFrame} frame
 * @returns {ProfileEntry}
 */
function emptyEntry(frame) {
  const { functionName, url, lineNumber, columnNumber } = frame;
  return {
    functionName: functionName || '(anonymous)',
    location: url ? `${basename(url)}:${lineNumber + 1}:${columnNumber + 1}` : '',
    source: '',
    selfMs: 0,
    selfShare: 0,
  };
}

/** @param {string} url */
function basename(url) {
  return url.slice(url.lastIndexOf('/') + 1);
}
