import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, isSafeObjectProperty } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from '../description/commonFields';
import { DEFAULT_MANUAL_WAIT_SECONDS, DEFAULT_MAX_IN_FLIGHT } from '../description/triggerFields';
import { ApiProblem, resolveBaseUrl } from '../execution/api';
import { DownloadProblem, downloadResults } from '../execution/download';
import { Limiter } from '../execution/limiter';
import type { NodeError } from '../execution/nodeErrors';
import { toNodeError as toNodeErrorFor } from '../execution/nodeErrors';
import type { TaskSnapshot } from '../execution/snapshot';
import { resultUrls } from '../execution/snapshot';
import { submitTask } from '../execution/submit';
import type { TaskFacts } from '../execution/taskJson';
import { failureDescription, failureMessage, taskJson } from '../execution/taskJson';
import { POLL_INTERVAL_MS, getTask, waitForTask } from '../execution/wait';
import type { MediaType, Submission } from '../shared/submission';
import { checkCreditCap, prepareImageSubmission, prepareVideoSubmission } from '../shared/submission';
import type { CheckRecord, TriggerState } from './state';
import { acquireLease, addGenerated, markGeneratedDone, markWatchedDone, openState, releaseLease, syncWatchList, touch } from './state';

/** How many IDs one trigger may watch; the state stays bounded by this. */
export const MAX_WATCHED_IDS = 1_000;
/** Polls in which a finished task's download may fail before it is emitted without its files. */
export const MAX_DOWNLOAD_POLLS = 3;
/** PollContext's own default when the n8n version does not tell the poll its budget. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

const SUBMIT_PATHS: Record<MediaType, string> = {
	image: '/api/ai/image/generate',
	video: '/api/ai/video/generate',
};

type Source = 'newGeneration' | 'taskIds';

interface Settings {
	source: Source;
	includeFailed: boolean;
	download: boolean;
	binaryPrefix: string | undefined;
	concurrency: number;
	maxInFlight: number;
	maxCredits: unknown;
	manualWaitMs: number;
	/** Per API request; undefined: the engine's defaults. */
	timeoutMs: number | undefined;
	/** Largest result file downloaded; undefined: the engine's default. */
	maxFileBytes: number | undefined;
}

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function wholeNumber(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
	const number = Number(value);
	return Number.isFinite(number) && number >= min ? Math.min(Math.floor(number), max) : fallback;
}

function readSettings(ctx: IPollFunctions): Settings {
	const raw = ctx.getNodeParameter('options', {}) as unknown;
	const options = isRecord(raw) ? raw : {};
	const prefix = typeof options.binaryPropertyName === 'string' ? options.binaryPropertyName.trim() : '';
	const timeoutSeconds = Number(options.timeoutSeconds);
	const maxFileMb = Number(options.maxFileSizeMb);
	return {
		source: ctx.getNodeParameter('source', 'newGeneration') === 'taskIds' ? 'taskIds' : 'newGeneration',
		includeFailed: options.includeFailed === true,
		download: options.download !== false,
		binaryPrefix: prefix || undefined,
		concurrency: wholeNumber(options.concurrency, DEFAULT_CONCURRENCY, 1, 50),
		maxInFlight: wholeNumber(options.maxInFlight, DEFAULT_MAX_IN_FLIGHT, 1, 50),
		maxCredits: options.maxCreditsPerItem,
		manualWaitMs: wholeNumber(options.manualWaitSeconds, DEFAULT_MANUAL_WAIT_SECONDS, 1) * 1000,
		timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
		maxFileBytes: Number.isFinite(maxFileMb) && maxFileMb > 0 ? maxFileMb * 1048576 : undefined,
	};
}

const toNodeError = (ctx: IPollFunctions, error: unknown, taskId?: string) => toNodeErrorFor(ctx.getNode(), error, { taskId });

/** The Task IDs field: commas, new lines, or a list from an expression. */
function readTaskIds(ctx: IPollFunctions): string[] {
	const node = ctx.getNode();
	const parts: string[] = [];
	const collect = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(collect);
		else if (typeof value === 'string') parts.push(...value.split(/[\s,]+/));
		else if (typeof value === 'number') parts.push(String(value));
		else if (isRecord(value) && (typeof value.taskId === 'string' || typeof value.id === 'string')) collect(value.taskId ?? value.id);
		else if (value !== undefined && value !== null) {
			throw new NodeOperationError(node, `Task IDs: ${JSON.stringify(value).slice(0, 60)} is not a task ID`);
		}
	};
	collect(ctx.getNodeParameter('taskIds', '') as unknown);
	const ids = [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
	if (!ids.length) {
		throw new NodeOperationError(node, 'Task IDs: the list is empty; give the taskId values to watch, separated by commas or new lines');
	}
	if (ids.length > MAX_WATCHED_IDS) {
		throw new NodeOperationError(node, `Task IDs: ${ids.length} IDs given; one trigger watches at most ${MAX_WATCHED_IDS}`);
	}
	for (const id of ids) {
		if (id.length > 200 || /[/?#]/.test(id) || !isSafeObjectProperty(id)) {
			throw new NodeOperationError(node, `Task IDs: "${id.slice(0, 60)}" is not a task ID`);
		}
	}
	return ids;
}

/** The same validation, catalog and credit cap as the action node's Generate. */
function prepareSubmission(ctx: IPollFunctions, settings: Settings): Submission {
	const read = (name: string, fallback: unknown) => ctx.getNodeParameter(name, fallback) as unknown;
	const submission = read('resource', 'image') === 'video' ? prepareVideoSubmission(read) : prepareImageSubmission(read);
	checkCreditCap(submission, settings.maxCredits);
	return submission;
}

function pollBudgetMs(ctx: IPollFunctions): number {
	const getBudget = (ctx as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	const budget = typeof getBudget === 'function' ? Number(getBudget.call(ctx)) : NaN;
	return Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
}

const log = (ctx: IPollFunctions, message: string) => `${ctx.getNode().name}: ${message}`;

// ── Turning a finished task into the item the action node would output ─────────────────────

function failedItem(facts: TaskFacts, task: TaskSnapshot): INodeExecutionData {
	return { json: { ...taskJson(facts), error: failureMessage(task), errorDescription: failureDescription(task) } };
}

/** The completed task's item: taskJson plus its files as binary data (downloadResults). */
async function completedItem(
	ctx: IPollFunctions,
	limiter: Limiter,
	settings: Settings,
	facts: TaskFacts,
	task: TaskSnapshot,
): Promise<{ item: INodeExecutionData } | { downloadError: string }> {
	const item: INodeExecutionData = { json: taskJson(facts) };
	if (!settings.download) return { item };
	const type = task.type ?? (task.videoUrl ? 'video' : 'image');
	try {
		item.binary = await downloadResults(
			ctx,
			limiter,
			{ taskId: task.taskId, urls: resultUrls(task), type },
			settings.binaryPrefix ?? type,
			undefined,
			settings.maxFileBytes,
		);
		return { item };
	} catch (error) {
		return {
			downloadError: error instanceof DownloadProblem ? error.message : `Could not download the results: ${(error as Error).message}`,
		};
	}
}

function withDownloadError(facts: TaskFacts, message: string, attempts: number): INodeExecutionData {
	return {
		json: {
			...taskJson(facts),
			error: `${message} (task ${facts.taskId} finished; its URLs are in the item)`,
			errorDescription: `The files could not be downloaded in ${attempts} poll${attempts === 1 ? '' : 's'}, so the task is emitted without binary data.`,
		},
	};
}

function notFoundItem(facts: TaskFacts, problem: ApiProblem): INodeExecutionData {
	return {
		json: {
			...taskJson(facts),
			state: 'notFound',
			errorCode: 'TASK_NOT_FOUND',
			errorMessage: problem.message,
			error: `${problem.message} (task ${facts.taskId})`,
		},
	};
}

// ── Scheduled polls ─────────────────────────────────────────────────────────────────────────

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

async function scheduledPoll(ctx: IPollFunctions, settings: Settings): Promise<INodeExecutionData[][] | null> {
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

// ── Manual runs ("Fetch Test Event") ────────────────────────────────────────────────────────

/** A finished task as the manual run shows it; a failure the user did not ask for is an error. */
async function manualItem(ctx: IPollFunctions, limiter: Limiter, settings: Settings, facts: TaskFacts, task: TaskSnapshot): Promise<INodeExecutionData> {
	if (task.state === 'failed') {
		if (settings.includeFailed) return failedItem(facts, task);
		throw new NodeApiError(
			ctx.getNode(),
			{ message: failureMessage(task), errorCode: task.errorCode, taskId: task.taskId },
			{ message: failureMessage(task), description: failureDescription(task) },
		);
	}
	const built = await completedItem(ctx, limiter, settings, facts, task);
	return 'item' in built ? built.item : withDownloadError(facts, built.downloadError, 1);
}

/** New Generation: submit one task and wait for it (bounded); the task ID is never lost. */
async function manualGeneration(ctx: IPollFunctions, settings: Settings, baseURL: string, limiter: Limiter): Promise<INodeExecutionData[][]> {
	let submission: Submission;
	try {
		submission = prepareSubmission(ctx, settings);
	} catch (error) {
		throw toNodeError(ctx, error);
	}
	const submittedAt = Date.now();
	let facts: TaskFacts;
	try {
		const accepted = await submitTask(ctx, baseURL, limiter, {
			method: 'POST',
			url: SUBMIT_PATHS[submission.type],
			body: submission.body,
			timeoutMs: settings.timeoutMs,
		});
		facts = {
			taskId: accepted.taskId,
			type: submission.type,
			model: submission.model,
			creditsUsed: accepted.creditsUsed,
			estimatedCredits: submission.estimatedCredits,
			submittedAt,
		};
	} catch (error) {
		throw toNodeError(ctx, error);
	}
	const waitSeconds = Math.round(settings.manualWaitMs / 1000);
	let task: TaskSnapshot | undefined;
	try {
		const outcome = await waitForTask(ctx, baseURL, limiter, facts.taskId, {
			startedAt: submittedAt,
			deadline: submittedAt + settings.manualWaitMs,
			timeoutMs: settings.timeoutMs,
		});
		task = outcome.task;
	} catch (error) {
		throw toNodeError(ctx, error, facts.taskId);
	}
	if (!task || task.state === 'pending') {
		throw new NodeOperationError(ctx.getNode(), `Task ${facts.taskId} is still running after ${waitSeconds} s`, {
			description: `Nothing is lost: task ${facts.taskId} was submitted and keeps running. Fetch it later with the GPT Image 2 API node (Task → Wait for Completion), or raise "Fetch Test Event Max Wait".`,
		});
	}
	return [[await manualItem(ctx, limiter, settings, { ...facts, task }, task)]];
}

/** Task IDs: the first listed task that has finished, without touching the trigger's state. */
async function manualWatch(ctx: IPollFunctions, settings: Settings, baseURL: string, limiter: Limiter): Promise<INodeExecutionData[][]> {
	const ids = readTaskIds(ctx);
	const counts = { pending: 0, failed: 0, notFound: 0, unavailable: 0 };
	for (let start = 0; start < ids.length; start += settings.concurrency) {
		const slice = ids.slice(start, start + settings.concurrency);
		const looks = await Promise.all(
			slice.map(async (taskId) => {
				try {
					return { taskId, task: await getTask(ctx, baseURL, limiter, taskId, settings.timeoutMs) };
				} catch (error) {
					return { taskId, error };
				}
			}),
		);
		for (const look of looks) {
			if ('error' in look) {
				const problem = look.error;
				if (problem instanceof ApiProblem && problem.kind === 'notFound') {
					if (settings.includeFailed) return [[notFoundItem({ taskId: look.taskId }, problem)]];
					counts.notFound++;
				} else if (problem instanceof ApiProblem && problem.transient) {
					counts.unavailable++;
				} else {
					throw toNodeError(ctx, problem, look.taskId);
				}
				continue;
			}
			const { task } = look;
			if (task.state === 'completed' || (task.state === 'failed' && settings.includeFailed)) {
				return [[await manualItem(ctx, limiter, settings, { taskId: look.taskId, task }, task)]];
			}
			if (task.state === 'failed') counts.failed++;
			else counts.pending++;
		}
	}
	const parts = [
		counts.pending && `${counts.pending} still running`,
		counts.failed && `${counts.failed} failed (Include Failed Tasks is off)`,
		counts.notFound && `${counts.notFound} not found`,
		counts.unavailable && `${counts.unavailable} could not be checked right now`,
	].filter(Boolean);
	const what = ids.length === 1 ? 'The watched task has not' : `None of the ${ids.length} watched tasks has`;
	throw new NodeOperationError(ctx.getNode(), `${what} finished yet`, {
		description: `${parts.join(', ')}. Fetch Test Event again once a task has finished.`,
	});
}

/** Fetch Test Event: no state is read or written, so a test never hides a task from the active trigger. */
async function manualRun(ctx: IPollFunctions, settings: Settings): Promise<INodeExecutionData[][]> {
	const baseURL = await resolveBaseUrl(ctx);
	const limiter = new Limiter(settings.concurrency);
	return settings.source === 'newGeneration'
		? await manualGeneration(ctx, settings, baseURL, limiter)
		: await manualWatch(ctx, settings, baseURL, limiter);
}

export async function pollTrigger(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	return ctx.getMode() === 'manual' ? await manualRun(ctx, settings) : await scheduledPoll(ctx, settings);
}
