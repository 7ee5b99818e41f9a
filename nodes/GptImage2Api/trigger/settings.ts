/** What a trigger poll reads from its parameters, checked before the API is asked anything. */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, isSafeObjectProperty } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from '../description/commonFields';
import { DEFAULT_MANUAL_WAIT_SECONDS, DEFAULT_MAX_IN_FLIGHT } from '../description/triggerFields';
import { toNodeError as toNodeErrorFor } from '../execution/nodeErrors';
import type { MediaType, Submission } from '../shared/submission';
import { checkCreditCap, prepareImageSubmission, prepareVideoSubmission } from '../shared/submission';

/** How many IDs one trigger may watch; the state stays bounded by this. */
export const MAX_WATCHED_IDS = 1_000;
/** PollContext's own default when the n8n version does not tell the poll its budget. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

export const SUBMIT_PATHS: Record<MediaType, string> = {
	image: '/api/ai/image/generate',
	video: '/api/ai/video/generate',
};

export type Source = 'newGeneration' | 'taskIds';

export interface Settings {
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

export const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function wholeNumber(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
	const number = Number(value);
	return Number.isFinite(number) && number >= min ? Math.min(Math.floor(number), max) : fallback;
}

export function readSettings(ctx: IPollFunctions): Settings {
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

export const toNodeError = (ctx: IPollFunctions, error: unknown, taskId?: string) => toNodeErrorFor(ctx.getNode(), error, { taskId });

/** The Task IDs field: commas, new lines, or a list from an expression. */
export function readTaskIds(ctx: IPollFunctions): string[] {
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
export function prepareSubmission(ctx: IPollFunctions, settings: Settings): Submission {
	const read = (name: string, fallback: unknown) => ctx.getNodeParameter(name, fallback) as unknown;
	const submission = read('resource', 'image') === 'video' ? prepareVideoSubmission(read) : prepareImageSubmission(read);
	checkCreditCap(submission, settings.maxCredits);
	return submission;
}

export function pollBudgetMs(ctx: IPollFunctions): number {
	const getBudget = (ctx as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>).getPollBudgetMs;
	const budget = typeof getBudget === 'function' ? Number(getBudget.call(ctx)) : NaN;
	return Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
}

export const log = (ctx: IPollFunctions, message: string) => `${ctx.getNode().name}: ${message}`;
