import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_WAIT_SECONDS } from '../description/commonFields';
import { FieldError } from '../shared/FieldError';
import type { MediaType, Submission } from '../shared/submission';
import { checkCreditCap, prepareImageSubmission, prepareVideoSubmission } from '../shared/submission';
import { resolveBaseUrl } from './api';
import type { TaskReport } from './batch';
import { ExecutionBatch, joinBatch } from './batch';
import { DownloadProblem, downloadResults } from './download';
import type { Limiter } from './limiter';
import { toNodeError as toNodeErrorFor } from './nodeErrors';
import { resultUrls } from './snapshot';
import { submitTask } from './submit';
import type { TaskFacts } from './taskJson';
import { failureDescription, failureMessage, taskJson } from './taskJson';
import { getTask, waitForTask } from './wait';

type Ctx = IExecutePaginationFunctions;
type RequestData = DeclarativeRestApiSettings.ResultOptions;

function options(ctx: Ctx): IDataObject {
	const value = ctx.getNodeParameter('options', {}) as IDataObject;
	return typeof value === 'object' && value !== null ? value : {};
}

function itemCount(ctx: Ctx): number {
	const data = ctx.getExecuteData().data as Record<string, Array<INodeExecutionData[] | null> | undefined>;
	return (data.main ?? data.ai_tool)?.[0]?.length ?? 1;
}

function batchFor(ctx: Ctx): ExecutionBatch {
	return joinBatch(ctx.getExecuteData(), () => {
		const concurrency = Number(options(ctx).concurrency ?? DEFAULT_CONCURRENCY);
		return new ExecutionBatch(itemCount(ctx), ctx.continueOnFail(), Number.isFinite(concurrency) && concurrency >= 1 ? concurrency : DEFAULT_CONCURRENCY);
	});
}

/** Turns anything thrown for an item into the n8n error the user sees, naming the item. */
const toNodeError = (ctx: Ctx, error: unknown, facts?: TaskFacts) =>
	toNodeErrorFor(ctx.getNode(), error, { itemIndex: ctx.getItemIndex(), taskId: facts?.taskId });

/** With Continue On Fail, a failed item still comes out — carrying its task ID when it has one. */
function errorItem(ctx: Ctx, error: NodeOperationError | NodeApiError, facts?: TaskFacts, extra: IDataObject = {}): INodeExecutionData[] {
	const json: IDataObject = facts ? { ...taskJson(facts), ...extra } : { ...extra };
	json.error = error.message;
	if (error.description) json.errorDescription = error.description;
	return [{ json, pairedItem: { item: ctx.getItemIndex() } }];
}

function fail(ctx: Ctx, error: unknown, facts?: TaskFacts, extra?: IDataObject): INodeExecutionData[] {
	const nodeError = toNodeError(ctx, error, facts);
	if (ctx.continueOnFail()) return errorItem(ctx, nodeError, facts, extra);
	throw nodeError;
}

function requestTimeoutMs(ctx: Ctx): number | undefined {
	const seconds = Number(options(ctx).timeoutSeconds);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

const binaryPrefix = (ctx: Ctx, type: string) => {
	const name = options(ctx).binaryPropertyName;
	return typeof name === 'string' && name.trim() !== '' ? name.trim() : type;
};

/**
 * After a task is known (submitted or looked up): wait for it when asked, then download its
 * files. Every outcome — done, failed, or still running at Max Wait — keeps the task ID.
 */
async function finishTask(ctx: Ctx, baseURL: string, limiter: Limiter, facts: TaskFacts, pollImmediately: boolean): Promise<INodeExecutionData[]> {
	const opts = options(ctx);
	const signal = ctx.getExecutionCancelSignal();
	const startedAt = facts.submittedAt ?? Date.now();
	const maxWaitMs = Math.max(1, Number(opts.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS)) * 1000;
	const waitStart = Date.now();
	let outcome;
	try {
		outcome = await waitForTask(ctx, baseURL, limiter, facts.taskId, {
			startedAt,
			deadline: waitStart + maxWaitMs,
			signal,
			pollImmediately,
			timeoutMs: requestTimeoutMs(ctx),
		});
	} catch (error) {
		return fail(ctx, error, { ...facts, waitedMs: Date.now() - waitStart });
	}
	const done: TaskFacts = { ...facts, task: outcome.task ?? facts.task, waitedMs: Date.now() - waitStart };
	const task = done.task;
	const pairedItem = { item: ctx.getItemIndex() };

	if (!task || task.state === 'pending') {
		const json = taskJson(done);
		if (outcome.lastProblem) json.lastProblem = outcome.lastProblem.message;
		return [{ json, pairedItem }];
	}
	if (task.state === 'failed') {
		const error = new NodeApiError(
			ctx.getNode(),
			{ message: failureMessage(task), errorCode: task.errorCode, taskId: task.taskId },
			{ itemIndex: ctx.getItemIndex(), message: `${failureMessage(task)} [item ${ctx.getItemIndex()}]`, description: failureDescription(task) },
		);
		if (ctx.continueOnFail()) return errorItem(ctx, error, done);
		throw error;
	}
	const item: INodeExecutionData = { json: taskJson(done), pairedItem };
	if (opts.download === false) return [item];
	try {
		const type = task.type ?? (task.videoUrl ? 'video' : 'image');
		const maxMb = Number(opts.maxFileSizeMb);
		item.binary = await downloadResults(
			ctx,
			limiter,
			{ taskId: task.taskId, urls: resultUrls(task), type },
			binaryPrefix(ctx, type),
			signal,
			Number.isFinite(maxMb) && maxMb > 0 ? maxMb * 1048576 : undefined,
		);
	} catch (error) {
		const message = error instanceof DownloadProblem ? error.message : `Could not download the results: ${(error as Error).message}`;
		return fail(ctx, new NodeOperationError(ctx.getNode(), `${message} (task ${task.taskId} finished; its URLs are in the item)`, { itemIndex: ctx.getItemIndex() }), done);
	}
	return [item];
}

/**
 * When one item stops the node, n8n drops the other items' output; their tasks were charged all
 * the same. So the error lists them — with IDs to resume — once they have settled.
 */
function listOthers(error: NodeOperationError | NodeApiError, others: TaskReport[]) {
	if (!others.length) return;
	const lines = others.map((o) => `item ${o.itemIndex}: ${o.taskId} (${o.state})`).join('; ');
	error.description = `${error.description ? `${error.description}\n\n` : ''}Other tasks of this run, already charged — resume any with Task → Wait for Completion: ${lines}`;
}

/**
 * Runs the part of an item that follows its submission, reporting where its task ended up to
 * the batch, and on a stopping error, naming the other items' tasks.
 */
async function tracked(
	ctx: Ctx,
	batch: ExecutionBatch,
	known: { taskId?: string },
	work: () => Promise<INodeExecutionData[]>,
) {
	const itemIndex = ctx.getItemIndex();
	const settle = batch.track(itemIndex);
	try {
		const items = await work();
		settle({ itemIndex, taskId: (items[0]?.json.taskId as string | undefined) ?? known.taskId, state: String(items[0]?.json.state ?? 'done') });
		return items;
	} catch (error) {
		settle({ itemIndex, taskId: known.taskId, state: 'failed' });
		const nodeError = toNodeError(ctx, error);
		listOthers(nodeError, await batch.othersSettled(itemIndex));
		throw nodeError;
	}
}

/** Image → Generate and Video → Generate. */
export async function runGenerate(this: Ctx, requestData: RequestData): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	// Up to `arrive` this runs synchronously inside n8n's item loop (see ExecutionBatch).
	let submission: Submission | undefined;
	let invalid: unknown;
	try {
		const resource = this.getNodeParameter('resource', 'image') as MediaType;
		const read = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
		const prepared = resource === 'video' ? prepareVideoSubmission(read) : prepareImageSubmission(read);
		checkCreditCap(prepared, options(this).maxCreditsPerItem);
		submission = prepared;
	} catch (error) {
		invalid = error;
	}
	const batch = batchFor(this);
	const outcome = await batch.arrive(
		submission ? { itemIndex, ok: true, estimatedCredits: submission.estimatedCredits } : { itemIndex, ok: false },
	);
	if (!submission) return fail(this, invalid);
	// Another item is invalid and will fail the node: send nothing, so nothing is charged.
	if (!outcome.proceed) return [];

	const base = { type: submission.type, model: submission.model, estimatedCredits: submission.estimatedCredits };
	if (this.getNodeParameter('estimateOnly', false) === true) {
		const json: IDataObject = { ...base, request: submission.body };
		if (outcome.firstValidItem === itemIndex) json.totalEstimatedCredits = outcome.totalEstimatedCredits;
		return [{ json, pairedItem: { item: itemIndex } }];
	}

	const known: { taskId?: string } = {};
	return await tracked(this, batch, known, async () => await submitAndFinish(this, batch, requestData, submission, base, known));
}

async function submitAndFinish(
	ctx: Ctx,
	batch: ExecutionBatch,
	requestData: RequestData,
	submission: Submission,
	base: Pick<TaskFacts, 'type' | 'model' | 'estimatedCredits'>,
	known: { taskId?: string },
): Promise<INodeExecutionData[]> {
	let baseURL: string;
	try {
		baseURL = await resolveBaseUrl(ctx);
	} catch (error) {
		return fail(ctx, error);
	}
	const submittedAt = Date.now();
	let facts: TaskFacts;
	try {
		const accepted = await submitTask(
			ctx,
			baseURL,
			batch.limiter,
			{ method: requestData.options.method ?? 'POST', url: requestData.options.url!, body: submission.body, timeoutMs: requestTimeoutMs(ctx) },
			ctx.getExecutionCancelSignal(),
		);
		facts = { ...base, taskId: accepted.taskId, creditsUsed: accepted.creditsUsed, submittedAt };
		known.taskId = accepted.taskId;
	} catch (error) {
		return fail(ctx, error, undefined, base);
	}
	if (ctx.getNodeParameter('waitForCompletion', true) === false) {
		return [{ json: taskJson(facts), pairedItem: { item: ctx.getItemIndex() } }];
	}
	return await finishTask(ctx, baseURL, batch.limiter, facts, false);
}

function readTaskId(ctx: Ctx): string {
	const value = ctx.getNodeParameter('taskId', '') as unknown;
	const id = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!id) throw new FieldError('Task ID', 'is empty; give the taskId returned when the task was submitted');
	if (id.length > 200 || /[\s/?#]/.test(id)) throw new FieldError('Task ID', `"${id.slice(0, 60)}" is not a task ID`);
	return id;
}

/** Task → Get: one look at a task, no waiting. */
export async function runGetTask(this: Ctx): Promise<INodeExecutionData[]> {
	const batch = batchFor(this);
	try {
		const taskId = readTaskId(this);
		const baseURL = await resolveBaseUrl(this);
		const task = await getTask(this, baseURL, batch.limiter, taskId, requestTimeoutMs(this));
		return [{ json: taskJson({ taskId, task }), pairedItem: { item: this.getItemIndex() } }];
	} catch (error) {
		return fail(this, error);
	}
}

/** Task → Wait for Completion: resume a task submitted earlier (e.g. with waiting off). */
export async function runWaitForTask(this: Ctx): Promise<INodeExecutionData[]> {
	const batch = batchFor(this);
	let taskId: string;
	let baseURL: string;
	try {
		taskId = readTaskId(this);
		baseURL = await resolveBaseUrl(this);
	} catch (error) {
		return fail(this, error);
	}
	return await tracked(this, batch, { taskId }, async () => await finishTask(this, baseURL, batch.limiter, { taskId }, true));
}
