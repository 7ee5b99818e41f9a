/** "Fetch Test Event" in the editor: one bounded run that neither reads nor writes the trigger's state. */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ApiProblem, resolveBaseUrl } from '../execution/api';
import { Limiter } from '../execution/limiter';
import type { TaskSnapshot } from '../execution/snapshot';
import { submitTask } from '../execution/submit';
import type { TaskFacts } from '../execution/taskJson';
import { failureDescription, failureMessage } from '../execution/taskJson';
import { getTask, waitForTask } from '../execution/wait';
import type { Submission } from '../shared/submission';
import { completedItem, failedItem, notFoundItem, withDownloadError } from './items';
import type { Settings } from './settings';
import { SUBMIT_PATHS, prepareSubmission, readTaskIds, toNodeError } from './settings';

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
export async function manualRun(ctx: IPollFunctions, settings: Settings): Promise<INodeExecutionData[][]> {
	const baseURL = await resolveBaseUrl(ctx);
	const limiter = new Limiter(settings.concurrency);
	return settings.source === 'newGeneration'
		? await manualGeneration(ctx, settings, baseURL, limiter)
		: await manualWatch(ctx, settings, baseURL, limiter);
}
