import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/*
 * The trigger's memory, kept in the node's workflow static data (n8n persists it as JSON with
 * the workflow; there is no module-level state). It stays small: a finished task is forgotten
 * once emitted, except for a short hash that stops a watched ID from being emitted twice.
 *
 *   {
 *     v: 1,
 *     inFlight: { [taskId]: GeneratedTask },   // New Generation: submitted, not yet emitted
 *     watched:  { [taskId]: WatchedTask },     // Task IDs: listed, not yet emitted
 *     done:     string[],                      // Task IDs: hashes of emitted/skipped IDs, oldest first
 *   }
 *
 * n8n marks static data as changed only when a key of an object it loaded is set, not when an
 * object added later is mutated, so every change ends with `touch()`.
 */

export const STATE_VERSION = 1;
/** Hashes kept for IDs no longer in the watch list, so a list that rolls back and forth stays exactly-once. */
export const MAX_FORGOTTEN_DONE = 1_000;

export interface CheckRecord {
	/** When the task's snapshot was last requested (ms since epoch); 0 = never. */
	checkedAt: number;
	/** Polls in which downloading the finished task's files failed. */
	downloadFailures?: number;
}

export interface GeneratedTask extends CheckRecord {
	submittedAt: number;
	type: 'image' | 'video';
	model: string;
	creditsUsed?: number;
	estimatedCredits: number;
}

export type WatchedTask = CheckRecord;

export interface TriggerState extends IDataObject {
	v: number;
	inFlight: Record<string, GeneratedTask>;
	watched: Record<string, WatchedTask>;
	done: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Hash of a task ID as kept in `done`: 96 bits, so a collision is not a practical concern. */
export const doneKey = (taskId: string) => createHash('sha256').update(taskId).digest('base64url').slice(0, 16);

/** The node's static data, shaped as TriggerState (in place: n8n holds and saves this object). */
export function openState(data: IDataObject): TriggerState {
	if (!isRecord(data.inFlight)) data.inFlight = {};
	// Static data is user-visible JSON: anything malformed is dropped rather than trusted.
	const inFlight = data.inFlight as Record<string, unknown>;
	for (const [taskId, record] of Object.entries(inFlight)) {
		if (!isRecord(record) || (record.type !== 'image' && record.type !== 'video')) delete inFlight[taskId];
		else if (typeof record.checkedAt !== 'number') record.checkedAt = 0;
	}
	if (!isRecord(data.watched)) data.watched = {};
	if (!Array.isArray(data.done)) data.done = [];
	if (data.v !== STATE_VERSION) data.v = STATE_VERSION;
	return data as TriggerState;
}

/** Marks the static data as changed, so n8n saves it with the next execution it starts. */
export function touch(state: TriggerState): void {
	state.v = STATE_VERSION;
}

// The lease lives on the in-memory static data object as a non-enumerable property: it is
// never serialised, so a lease held when n8n saved or died cannot block polls after a restart.
const LEASE = '__gptImage2ApiPollLease';

/** Claims the state for one poll; false while an earlier poll (on this workflow) still runs. */
export function acquireLease(state: TriggerState, now: number, budgetMs: number): boolean {
	const held = (state as Record<string, unknown>)[LEASE];
	if (typeof held === 'number' && held > now) return false;
	Object.defineProperty(state, LEASE, { value: now + budgetMs, writable: true, configurable: true, enumerable: false });
	return true;
}

export function releaseLease(state: TriggerState): void {
	Object.defineProperty(state, LEASE, { value: 0, writable: true, configurable: true, enumerable: false });
	touch(state);
}

/**
 * Task IDs mode: keeps records only for the IDs now listed and not yet done, and the done hashes
 * of listed IDs plus the most recent others. Returns the listed IDs still to watch.
 */
export function syncWatchList(state: TriggerState, ids: string[]): string[] {
	const listedKeys = new Set(ids.map(doneKey));
	const done = new Set(state.done);
	const open = ids.filter((id) => !done.has(doneKey(id)));
	const watched: Record<string, WatchedTask> = {};
	for (const id of open) {
		const previous = state.watched[id];
		watched[id] = isRecord(previous) && typeof previous.checkedAt === 'number' ? { ...previous } : { checkedAt: 0 };
	}
	const forgotten = state.done.filter((key) => !listedKeys.has(key)).slice(-MAX_FORGOTTEN_DONE);
	const forgottenSet = new Set(forgotten);
	state.done = state.done.filter((key) => listedKeys.has(key) || forgottenSet.has(key));
	state.watched = watched;
	touch(state);
	return open;
}

/** Records that these watched IDs were emitted or skipped: they are never emitted again. */
export function markWatchedDone(state: TriggerState, ids: string[]): void {
	if (!ids.length) return;
	const watched = { ...state.watched };
	for (const id of ids) delete watched[id];
	state.watched = watched;
	state.done = [...state.done, ...ids.map(doneKey)];
	touch(state);
}

/** Records that these generated tasks were emitted or skipped: they leave the in-flight set. */
export function markGeneratedDone(state: TriggerState, ids: string[]): void {
	if (!ids.length) return;
	const inFlight = { ...state.inFlight };
	for (const id of ids) delete inFlight[id];
	state.inFlight = inFlight;
	touch(state);
}

export function addGenerated(state: TriggerState, taskId: string, task: GeneratedTask): void {
	state.inFlight = { ...state.inFlight, [taskId]: task };
	touch(state);
}
