import type { IDataObject } from 'n8n-workflow';

import type { TaskSnapshot } from './snapshot';

export interface TaskFacts {
	taskId: string;
	type?: string;
	model?: string;
	/** The charge the API reported at submit time (authoritative). */
	creditsUsed?: number;
	estimatedCredits?: number;
	submittedAt?: number;
	waitedMs?: number;
	task?: TaskSnapshot;
}

export const RESUME_HINT =
	'Still running when Max Wait ran out. Nothing is lost: resume with Task → Wait for Completion (or the trigger) using this taskId.';

/** The one JSON shape every operation outputs for a task, whatever state it is in. */
export function taskJson(facts: TaskFacts): IDataObject {
	const { task } = facts;
	const json: IDataObject = {
		taskId: facts.taskId,
		type: task?.type ?? facts.type ?? null,
		model: task?.model ?? facts.model ?? null,
		status: task?.status ?? 0,
		state: task?.state ?? 'pending',
		creditsUsed: facts.creditsUsed ?? task?.creditsUsed ?? null,
		estimatedCredits: facts.estimatedCredits ?? null,
		creditsRefunded: task?.creditsRefunded ?? false,
		imageUrls: task?.imageUrls ?? [],
		videoUrl: task?.videoUrl ?? null,
		errorCode: task?.errorCode ?? null,
		errorMessage: task?.errorMessage ?? null,
		submittedAt: facts.submittedAt !== undefined ? new Date(facts.submittedAt).toISOString() : (task?.createdAt ?? null),
		completedAt: task?.completedAt ?? null,
	};
	if (facts.waitedMs !== undefined) json.waitedMs = facts.waitedMs;
	if (json.state === 'pending' && facts.waitedMs !== undefined) json.hint = RESUME_HINT;
	return json;
}

export function failureMessage(task: TaskSnapshot): string {
	const what = `${task.errorCode ?? 'UNKNOWN_ERROR'}${task.errorMessage ? ` — ${task.errorMessage}` : ''}`;
	return `Task ${task.taskId} failed: ${what}`;
}

export function failureDescription(task: TaskSnapshot): string {
	return task.creditsRefunded
		? 'The credits for this task were refunded automatically.'
		: 'The API did not report a refund for this task yet; refunds for failed tasks are automatic.';
}
