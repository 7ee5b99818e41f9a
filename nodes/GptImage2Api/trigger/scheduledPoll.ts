/** A scheduled poll: check the tasks in flight, emit the finished ones exactly once, maybe submit one. */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, isSafeObjectProperty } from 'n8n-workflow';

import { ApiProblem, resolveBaseUrl } from '../execution/api';
import { Limiter } from '../execution/limiter';
import type { NodeError } from '../execution/nodeErrors';
import type { TaskSnapshot } from '../execution/snapshot';
import { submitTask } from '../execution/submit';
import type { TaskFacts } from '../execution/taskJson';
import { failureMessage } from '../execution/taskJson';
import { POLL_INTERVAL_MS, getTask } from '../execution/wait';
import type { Submission } from '../shared/submission';
import { completedItem, failedItem, notFoundItem, withDownloadError } from './items';
import type { Settings } from './settings';
import { SUBMIT_PATHS, log, pollBudgetMs, prepareSubmission, readTaskIds, toNodeError } from './settings';
import type { CheckRecord, TriggerState } from './state';
import { acquireLease, addGenerated, markGeneratedDone, markWatchedDone, openState, releaseLease, syncWatchList, touch } from './state';

/** Polls in which a finished task's download may fail before it is emitted without its files. */
export const MAX_DOWNLOAD_POLLS = 3;

interface Candidate {
	taskId: string;
	/** Lives in the static data: its checkedAt and downloadFailures persist. */
	record: CheckRecord;
	generated: boolean;
	facts: TaskFacts;
}

type Check =
	| { kind: 'notDue' }
	| { kind: 'pending' }
	| { kind: 'transient'; problem: ApiProblem }
	| { kind: 'fatal'; error: NodeError }
	| { kind: 'emit'; item: INodeExecutionData }
	| { kind: 'skip'; note: string }
	| { kind: 'downloadLater'; note: string };

interface PollRun {
	baseURL: string;
	limiter: Limiter;
	settings: Settings;
	/** No new task check starts after this (half the poll budget). */
	checkUntil: number;
	/** Set on a 429: the rest of this poll's checks wait for the next poll. */
	rateLimited: boolean;
}

/** One look at one task: at most one GET per poll, never within 2 s of the previous one. */
async function checkTask(ctx: IPollFunctions, run: PollRun, candidate: Candidate): Promise<Check> {
	const { record, taskId, facts } = candidate;
	if (run.rateLimited || Date.now() > run.checkUntil) return { kind: 'notDue' };
	const sinceLastLook = Date.now() - record.checkedAt;
	// (A look "in the future" means the clock moved back: the task is due, not blocked.)
	if (sinceLastLook >= 0 && sinceLastLook < POLL_INTERVAL_MS) return { kind: 'notDue' };
	let task: TaskSnapshot;
	try {
		task = await getTask(ctx, run.baseURL, run.limiter, taskId, run.settings.timeoutMs);
	} catch (error) {
		if (!(error instanceof ApiProblem)) return { kind: 'fatal', error: toNodeError(ctx, error, taskId) };
		if (error.transient) {
			if (error.kind === 'rateLimited') run.rateLimited = true;
			return { kind: 'transient', problem: error };
		}
		if (error.kind !== 'notFound') return { kind: 'fatal', error: toNodeError(ctx, error, taskId) };
		return run.settings.includeFailed
			? { kind: 'emit', item: notFoundItem(facts, error) }
			: { kind: 'skip', note: `task ${taskId} was not found (404: unknown ID or another account's task); skipped` };
	} finally {
		// Measured from the answer, so the next GET of this task starts at least 2 s after this one arrived.
		record.checkedAt = Date.now();
	}
	if (task.state === 'pending') return { kind: 'pending' };
	const done: TaskFacts = { ...facts, task };
	if (task.state === 'failed') {
		return run.settings.includeFailed
			? { kind: 'emit', item: failedItem(done, task) }
			: { kind: 'skip', note: `${failureMessage(task)}; skipped because Include Failed Tasks is off` };
	}
	const built = await completedItem(ctx, run.limiter, run.settings, done, task);
	if ('item' in built) return { kind: 'emit', item: built.item };
	const failures = (record.downloadFailures ?? 0) + 1;
	record.downloadFailures = failures;
	if (failures >= MAX_DOWNLOAD_POLLS) return { kind: 'emit', item: withDownloadError(done, built.downloadError, failures) };
	return {
		kind: 'downloadLater',
		note: `task ${taskId} finished but its files could not be downloaded (${built.downloadError}); retrying on the next poll (${failures}/${MAX_DOWNLOAD_POLLS})`,
	};
}

function candidatesOf(state: TriggerState, watchedIds: string[]): Candidate[] {
	const generated = Object.entries(state.inFlight).map(([taskId, record]) => ({
		taskId,
		record,
		generated: true,
		facts: {
			taskId,
			type: record.type,
			model: record.model,
			creditsUsed: record.creditsUsed,
			estimatedCredits: record.estimatedCredits,
			submittedAt: record.submittedAt,
		},
	}));
	const watched = watchedIds
		.filter((taskId) => !(taskId in state.inFlight))
		.map((taskId) => ({ taskId, record: state.watched[taskId], generated: false, facts: { taskId } }));
	return [...generated, ...watched];
}

/** Submits one task; an error only when the user must act (nothing to retry on the next poll). */
async function submitOne(ctx: IPollFunctions, run: PollRun, state: TriggerState, submission: Submission): Promise<NodeError | undefined> {
	const submittedAt = Date.now();
	try {
		const accepted = await submitTask(ctx, run.baseURL, run.limiter, {
			method: 'POST',
			url: SUBMIT_PATHS[submission.type],
			body: submission.body,
			timeoutMs: run.settings.timeoutMs,
		});
		if (!isSafeObjectProperty(accepted.taskId)) {
			return new NodeOperationError(ctx.getNode(), `The API answered with an unusable task ID "${accepted.taskId}"`);
		}
		addGenerated(state, accepted.taskId, {
			submittedAt,
			type: submission.type,
			model: submission.model,
			estimatedCredits: submission.estimatedCredits,
			...(accepted.creditsUsed !== undefined ? { creditsUsed: accepted.creditsUsed } : {}),
			// The first look comes on a later poll, at least 2 s after the submission.
			checkedAt: Date.now(),
		});
		ctx.logger.info(log(ctx, `submitted ${submission.type} task ${accepted.taskId} (${accepted.creditsUsed ?? submission.estimatedCredits} credits)`));
		return undefined;
	} catch (error) {
		// 5xx / 429 / refused connection: nothing was created, so the next poll simply submits.
		const retryable = error instanceof ApiProblem && error.transient && !(error.kind === 'network' && !error.details.notSent);
		if (retryable) {
			ctx.logger.warn(log(ctx, `could not submit a new ${submission.type} (${error.message}); the next poll tries again`));
			return undefined;
		}
		return toNodeError(ctx, error);
	}
}

export async function scheduledPoll(ctx: IPollFunctions, settings: Settings): Promise<INodeExecutionData[][] | null> {
	const startedAt = Date.now();
	const budgetMs = pollBudgetMs(ctx);
	const problems: NodeError[] = [];

	// Everything that can be checked locally is checked before the API is asked anything.
	let submission: Submission | undefined;
	let watchIds: string[] = [];
	if (settings.source === 'newGeneration') {
		try {
			submission = prepareSubmission(ctx, settings);
		} catch (error) {
			problems.push(toNodeError(ctx, error));
		}
	} else {
		watchIds = readTaskIds(ctx);
	}
	const baseURL = await resolveBaseUrl(ctx);

	const state = openState(ctx.getWorkflowStaticData('node'));
	if (!acquireLease(state, startedAt, budgetMs)) {
		ctx.logger.info(log(ctx, 'the previous poll is still running; this one is skipped'));
		return null;
	}
	try {
		const run: PollRun = {
			baseURL,
			limiter: new Limiter(settings.concurrency),
			settings,
			checkUntil: startedAt + budgetMs / 2,
			rateLimited: false,
		};
		const open = settings.source === 'taskIds' ? syncWatchList(state, watchIds) : [];
		const candidates = candidatesOf(state, open);
		// Checks start `concurrency` at a time, so the 2 s rule, the budget and a 429 are judged
		// when a check really starts (its requests share run.limiter with the downloads).
		const slots = new Limiter(settings.concurrency);
		const checks = await Promise.all(
			candidates.map(async (candidate) => ({ candidate, check: await slots.run(async () => await checkTask(ctx, run, candidate)) })),
		);
		touch(state);

		const items: INodeExecutionData[] = [];
		const finishedGenerated: string[] = [];
		const finishedWatched: string[] = [];
		const transient: ApiProblem[] = [];
		for (const { candidate, check } of checks) {
			const finished = candidate.generated ? finishedGenerated : finishedWatched;
			switch (check.kind) {
				case 'emit':
					items.push(check.item);
					finished.push(candidate.taskId);
					break;
				case 'skip':
					ctx.logger.info(log(ctx, check.note));
					finished.push(candidate.taskId);
					break;
				case 'transient':
					transient.push(check.problem);
					break;
				case 'downloadLater':
					ctx.logger.warn(log(ctx, check.note));
					break;
				case 'fatal':
					problems.push(check.error);
					break;
			}
		}
		if (transient.length) {
			ctx.logger.warn(
				log(ctx, `${transient.length} task check(s) failed for now (${transient[transient.length - 1].message}); they are retried on the next poll`),
			);
		}

		const stillRunning = Object.keys(state.inFlight).length - finishedGenerated.length;
		if (submission && !problems.length && stillRunning < settings.maxInFlight && Date.now() < startedAt + budgetMs / 2) {
			const problem = await submitOne(ctx, run, state, submission);
			if (problem) problems.push(problem);
		}

		// Exactly once: a task is marked as emitted only here, in the poll that returns it, with no
		// await between the marks and the return. Any failure before this point leaves it watched.
		markGeneratedDone(state, finishedGenerated);
		markWatchedDone(state, finishedWatched);
		if (items.length) {
			// The finished tasks go out now; a problem that persists is thrown by the next poll.
			for (const problem of problems) ctx.logger.error(log(ctx, problem.message));
			return [items];
		}
		if (problems.length) throw problems[0];
		return null;
	} finally {
		releaseLease(state);
	}
}
