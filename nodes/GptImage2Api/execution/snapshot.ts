import type { IDataObject } from 'n8n-workflow';

export type TaskState = 'pending' | 'completed' | 'failed';

/** One task, in the single shape this package outputs whichever documented shape the API sent. */
export interface TaskSnapshot {
	taskId: string;
	type?: 'image' | 'video';
	model?: string;
	status: number;
	state: TaskState;
	imageUrls: string[];
	videoUrl: string | null;
	errorCode: string | null;
	errorMessage: string | null;
	creditsUsed?: number;
	creditsRefunded: boolean;
	createdAt?: string;
	completedAt: string | null;
}

const STATES: Record<number, TaskState> = { 0: 'pending', 1: 'completed', 2: 'failed' };

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Accepts both documented snapshot shapes — the reference page's (`taskId`, `imageUrls`,
 * `creditsRefunded`, `updatedAt`) and the quickstart's (`id`, `outputImageUrls`,
 * `creditRefunded`, `completedAt`). Returns undefined when the body is not a task at all.
 */
export function normaliseSnapshot(raw: unknown, fallbackId?: string): TaskSnapshot | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const body = raw as IDataObject;
	const status = Number(body.status);
	const state = STATES[status];
	const taskId = text(body.taskId) ?? text(body.id) ?? fallbackId;
	if (!state || !taskId) return undefined;
	const urls = (body.imageUrls ?? body.outputImageUrls ?? []) as unknown;
	const imageUrls = Array.isArray(urls) ? urls.filter((url): url is string => typeof url === 'string' && url !== '') : [];
	const type = body.type === 'image' || body.type === 'video' ? body.type : undefined;
	return {
		taskId,
		type,
		model: text(body.model) ?? undefined,
		status,
		state,
		imageUrls,
		videoUrl: text(body.videoUrl),
		errorCode: text(body.errorCode),
		errorMessage: text(body.errorMessage),
		creditsUsed: typeof body.creditsUsed === 'number' ? body.creditsUsed : undefined,
		creditsRefunded: body.creditsRefunded === true || body.creditRefunded === true,
		createdAt: text(body.createdAt) ?? undefined,
		completedAt: text(body.completedAt) ?? (state === 'pending' ? null : text(body.updatedAt)),
	};
}

/** The result files of a finished task, in order. */
export const resultUrls = (task: TaskSnapshot): string[] => (task.videoUrl ? [task.videoUrl, ...task.imageUrls] : task.imageUrls);
