import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { ApiProblem, callApi } from './api';
import type { TaskContext } from './context';
import type { Limiter } from './limiter';
import { sleep } from './sleep';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
// A 429 certainly charged nothing, so it may be waited out longer than a 5xx.
const ATTEMPTS = { rateLimited: 10, other: 4 };

/**
 * True only when the API certainly did not create (and charge) a task: the connection was
 * refused before anything was sent, the API rate-limited us, or it answered with a 5xx, which
 * its docs list as "retry with backoff". A timeout or a dropped connection after sending is NOT
 * safe: the task may exist and be charged, and submissions are not idempotent.
 */
const safeToResubmit = (problem: ApiProblem) =>
	problem.details.notSent === true || problem.kind === 'rateLimited' || problem.kind === 'server';

export interface Accepted {
	taskId: string;
	creditsUsed?: number;
	status: number;
}

export async function submitTask(
	ctx: TaskContext,
	baseURL: string,
	limiter: Limiter,
	request: { method: IHttpRequestMethods; url: string; body: IDataObject; timeoutMs?: number },
	signal?: AbortSignal,
): Promise<Accepted> {
	for (let attempt = 1; ; attempt++) {
		try {
			const body = await limiter.run(async () =>
				await callApi(ctx, baseURL, { ...request, timeoutMs: request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS }),
			);
			const taskId = body.taskId ?? body.id;
			if (typeof taskId !== 'string' || taskId === '') {
				throw new ApiProblem('malformed', 'The API accepted the request but its answer has no task ID', {
					description:
						'A task may have been created and charged. Check your GPT Image 2 API dashboard before running again.',
				});
			}
			return {
				taskId,
				creditsUsed: typeof body.creditsUsed === 'number' ? body.creditsUsed : undefined,
				status: Number(body.status ?? 0),
			};
		} catch (error) {
			if (!(error instanceof ApiProblem)) throw error;
			if (error.kind === 'network' && !error.details.notSent) {
				throw new ApiProblem('network', `${error.message} after the request was sent`, {
					...error.details,
					description:
						'The task may have been created and charged even though no answer arrived, so it was NOT submitted again (a repeat could charge twice). Check your GPT Image 2 API dashboard before running again.',
				});
			}
			if (error.kind === 'malformed' && !error.details.description) {
				throw new ApiProblem('malformed', `${error.message}, so its task ID is unknown`, {
					...error.details,
					description:
						'The API may have created and charged a task anyway; it was NOT submitted again. Check your GPT Image 2 API dashboard before running again.',
				});
			}
			const attempts = error.kind === 'rateLimited' ? ATTEMPTS.rateLimited : ATTEMPTS.other;
			if (!safeToResubmit(error) || attempt >= attempts) throw error;
			await sleep(Math.max(error.details.retryAfterMs ?? 0, Math.min(16_000, 1_000 * 2 ** (attempt - 1))), signal);
		}
	}
}
