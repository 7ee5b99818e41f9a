/** The three documented endpoints, as pure request → Reply functions over the shared state. */
import type { SimContext } from './context';
import type { Reply } from './http-util';
import { newTaskId } from './ids';
import { renderSnapshot } from './snapshot';
import type { Task } from './tasks';
import { validateSubmit } from './validate';

export const UNAUTHORIZED: Reply = { status: 401, body: { error: 'Unauthorized' } };
const TASK_NOT_FOUND: Reply = { status: 404, body: { error: 'Task not found' } };

/** The account key of a valid Bearer header, else undefined. */
export function authenticate(ctx: SimContext, authorization: string | undefined): string | undefined {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	return m && ctx.accounts.has(m[1]) ? m[1] : undefined;
}

export function submit(ctx: SimContext, kind: 'image' | 'video', accountKey: string, rawBody: string): Reply {
	const result = validateSubmit(kind, rawBody);
	if (!result.ok) return { status: 400, body: result.error };
	const { spec, body, prompt, credits } = result.value;
	if (ctx.accounts.balance(accountKey) < credits) {
		return { status: 402, body: { error: 'Insufficient credits', required: credits } };
	}

	const seq = ++ctx.acceptedCount;
	const s = ctx.settings;
	const scripted = s.outcome?.({ body, model: spec.id, type: kind, seq, accountKey }) || {};
	const latency = scripted.latencyMs ?? s.latencyByModel[spec.id] ?? s.latencyMs;
	const now = Date.now();
	const task: Task = {
		id: newTaskId(now),
		accountKey,
		type: kind,
		model: spec.id,
		prompt,
		body,
		creditsUsed: credits,
		createdAt: now,
		dueAt: scripted.neverFinish ? undefined : now + Math.max(0, latency),
		fail: scripted.fail,
		imageCount: kind === 'image' ? Math.max(1, scripted.imageCount ?? s.imageCount) : 0,
		imageFormat: spec.kind === 'image' ? spec.outputFormat : 'png',
		status: 0,
		finishedAt: undefined,
		refunded: false,
	};
	ctx.accounts.charge(accountKey, { taskId: task.id, model: spec.id, type: kind, credits, body });
	ctx.tasks.add(task);
	return { status: 200, body: { taskId: task.id, status: 0, creditsUsed: credits } };
}

export function getTask(ctx: SimContext, accountKey: string, taskId: string): Reply {
	const task = ctx.tasks.get(taskId);
	// Another account's task is indistinguishable from a missing one.
	if (!task || task.accountKey !== accountKey) return TASK_NOT_FOUND;
	return { status: 200, body: renderSnapshot(task, ctx.settings.snapshotShape, ctx.fileUrl) };
}
