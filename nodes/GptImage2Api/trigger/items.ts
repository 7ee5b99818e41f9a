/** A finished task turned into the item the action node would output (same code, same shape). */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { ApiProblem } from '../execution/api';
import { DownloadProblem, downloadResults } from '../execution/download';
import type { Limiter } from '../execution/limiter';
import type { TaskSnapshot } from '../execution/snapshot';
import { resultUrls } from '../execution/snapshot';
import type { TaskFacts } from '../execution/taskJson';
import { failureDescription, failureMessage, taskJson } from '../execution/taskJson';
import type { Settings } from './settings';

export function failedItem(facts: TaskFacts, task: TaskSnapshot): INodeExecutionData {
	return { json: { ...taskJson(facts), error: failureMessage(task), errorDescription: failureDescription(task) } };
}

/** The completed task's item: taskJson plus its files as binary data (downloadResults). */
export async function completedItem(
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

export function withDownloadError(facts: TaskFacts, message: string, attempts: number): INodeExecutionData {
	return {
		json: {
			...taskJson(facts),
			error: `${message} (task ${facts.taskId} finished; its URLs are in the item)`,
			errorDescription: `The files could not be downloaded in ${attempts} poll${attempts === 1 ? '' : 's'}, so the task is emitted without binary data.`,
		},
	};
}

export function notFoundItem(facts: TaskFacts, problem: ApiProblem): INodeExecutionData {
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
