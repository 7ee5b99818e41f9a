/**
 * Task records and their lifecycle. Status is settled lazily from the clock on
 * every read, so no timers keep the process (or jest) alive.
 */
import type { ImageFormat } from './price-table';

export type TaskStatus = 0 | 1 | 2;

export interface TaskFailure {
	code: string;
	message: string;
}

export interface Task {
	id: string;
	accountKey: string;
	type: 'image' | 'video';
	model: string;
	prompt: string;
	body: Record<string, unknown>;
	creditsUsed: number;
	createdAt: number;
	/** When the task turns terminal; undefined = never. */
	dueAt: number | undefined;
	fail: TaskFailure | undefined;
	imageCount: number;
	imageFormat: ImageFormat;
	status: TaskStatus;
	finishedAt: number | undefined;
	refunded: boolean;
}

export class TaskStore {
	private readonly byId = new Map<string, Task>();
	private readonly pending = new Set<Task>();

	/** `onFailed` refunds; it runs exactly once per failed task. */
	constructor(private readonly onFailed: (task: Task) => void) {}

	add(task: Task): void {
		this.byId.set(task.id, task);
		if (task.status === 0) this.pending.add(task);
	}

	get(id: string): Task | undefined {
		this.settleDue();
		return this.byId.get(id);
	}

	all(): Task[] {
		this.settleDue();
		return [...this.byId.values()];
	}

	settleDue(now = Date.now()): void {
		for (const task of this.pending) {
			if (task.dueAt !== undefined && now >= task.dueAt) this.finish(task, task.dueAt);
		}
	}

	/** Ends a pending task right now, optionally overriding its scripted outcome. */
	settleNow(id: string, outcome?: { fail?: TaskFailure }): Task {
		const task = this.byId.get(id);
		if (!task) throw new Error(`unknown task ${id}`);
		if (task.status !== 0) return task;
		if (outcome) task.fail = outcome.fail;
		this.finish(task, Date.now());
		return task;
	}

	private finish(task: Task, at: number): void {
		this.pending.delete(task);
		task.finishedAt = at;
		task.status = task.fail ? 2 : 1;
		if (task.fail) {
			this.onFailed(task);
			task.refunded = true;
		}
	}
}
