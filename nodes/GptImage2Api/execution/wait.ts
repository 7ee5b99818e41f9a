import { ApiProblem, callApi } from './api';
import type { TaskContext } from './context';
import type { Limiter } from './limiter';
import { sleep } from './sleep';
import type { TaskSnapshot } from './snapshot';
import { normaliseSnapshot } from './snapshot';

// The API's polling guide: every 2 s is safe and fast enough; for long jobs back off to 15 s.
export const POLL_INTERVAL_MS = 2_000;
export const MAX_POLL_INTERVAL_MS = 15_000;
export const BACKOFF_AFTER_MS = 120_000;
const GET_TIMEOUT_MS = 60_000;

export const taskPath = (taskId: string) => `/api/ai/tasks/${encodeURIComponent(taskId)}`;

/** Next pause between polls of one task: 2 s, growing toward 15 s once a task runs long. */
export function nextPollDelay(elapsedMs: number, previousMs: number): number {
	if (elapsedMs < BACKOFF_AFTER_MS) return POLL_INTERVAL_MS;
	return Math.min(MAX_POLL_INTERVAL_MS, Math.round(previousMs * 1.5));
}

export async function getTask(
	ctx: TaskContext,
	baseURL: string,
	limiter: Limiter,
	taskId: string,
	timeoutMs = GET_TIMEOUT_MS,
): Promise<TaskSnapshot> {
	const body = await limiter.run(async () => await callApi(ctx, baseURL, { method: 'GET', url: taskPath(taskId), timeoutMs }));
	const snapshot = normaliseSnapshot(body, taskId);
	if (!snapshot) throw new ApiProblem('malformed', 'The API answered with something that is not a task snapshot');
	return snapshot;
}

export interface WaitOutcome {
	/** The last snapshot seen; state "pending" when Max Wait ran out first. */
	task: TaskSnapshot | undefined;
	/** The last transient problem, when the wait ended without a snapshot after it. */
	lastProblem?: ApiProblem;
	polls: number;
}

/**
 * Polls one task until it finishes or `deadline` passes. Transient problems (429, 5xx, network,
 * garbled answers) are waited out — a GET is safe to repeat; anything else is thrown.
 */
export async function waitForTask(
	ctx: TaskContext,
	baseURL: string,
	limiter: Limiter,
	taskId: string,
	options: { startedAt: number; deadline: number; signal?: AbortSignal; pollImmediately?: boolean; timeoutMs?: number },
): Promise<WaitOutcome> {
	let delay = POLL_INTERVAL_MS;
	let polls = 0;
	let task: TaskSnapshot | undefined;
	let lastProblem: ApiProblem | undefined;
	let wait = options.pollImmediately ? 0 : delay;
	for (;;) {
		if (Date.now() + wait > options.deadline) {
			// A last look at the deadline beats giving up up to one interval early — but never
			// sooner than 2 s after the previous look (the API's safe cadence), so it may come
			// up to 2 s after Max Wait.
			wait = Math.max(polls > 0 ? POLL_INTERVAL_MS : 0, options.deadline - Date.now());
		}
		await sleep(wait, options.signal);
		if (options.signal?.aborted) return { task, lastProblem, polls };
		polls++;
		try {
			task = await getTask(ctx, baseURL, limiter, taskId, options.timeoutMs);
			lastProblem = undefined;
			if (task.state !== 'pending') return { task, polls };
		} catch (error) {
			if (!(error instanceof ApiProblem) || !error.transient) throw error;
			lastProblem = error;
		}
		if (Date.now() >= options.deadline) return { task, lastProblem, polls };
		delay = nextPollDelay(Date.now() - options.startedAt, delay);
		wait = Math.max(delay, lastProblem?.details.retryAfterMs ?? 0);
	}
}
