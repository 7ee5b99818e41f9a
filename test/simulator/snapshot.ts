/** The two task snapshot shapes the provider's docs disagree on; a client must cope with both. */
import { imageExtension } from './media';
import type { Task } from './tasks';

export type SnapshotShape = 'reference' | 'quickstart';

export function imageUrls(task: Task, fileUrl: string): string[] {
	if (task.type !== 'image' || task.status !== 1) return [];
	const ext = imageExtension(task.imageFormat);
	return Array.from({ length: task.imageCount }, (_, i) => `${fileUrl}/files/${task.id}/${i}.${ext}`);
}

export function videoUrl(task: Task, fileUrl: string): string | null {
	return task.type === 'video' && task.status === 1 ? `${fileUrl}/files/${task.id}/video.mp4` : null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** API-reference shape: every key always present, null where not applicable. */
function reference(task: Task, fileUrl: string): Record<string, unknown> {
	return {
		taskId: task.id,
		type: task.type,
		status: task.status,
		model: task.model,
		prompt: task.prompt,
		imageUrls: imageUrls(task, fileUrl),
		videoUrl: videoUrl(task, fileUrl),
		errorCode: task.status === 2 ? (task.fail?.code ?? null) : null,
		errorMessage: task.status === 2 ? (task.fail?.message ?? null) : null,
		creditsUsed: task.creditsUsed,
		creditsRefunded: task.refunded,
		createdAt: iso(task.createdAt),
		updatedAt: iso(task.finishedAt ?? task.createdAt),
	};
}

/** Quickstart shape: `videoUrl` only on video tasks, error keys only once failed. */
function quickstart(task: Task, fileUrl: string): Record<string, unknown> {
	const snap: Record<string, unknown> = {
		id: task.id,
		type: task.type,
		status: task.status,
		outputImageUrls: imageUrls(task, fileUrl),
		createdAt: iso(task.createdAt),
		completedAt: task.finishedAt === undefined ? null : iso(task.finishedAt),
		creditsUsed: task.creditsUsed,
		creditRefunded: task.refunded,
	};
	if (task.type === 'video') snap.videoUrl = videoUrl(task, fileUrl);
	if (task.status === 2) {
		snap.errorCode = task.fail?.code ?? null;
		snap.errorMessage = task.fail?.message ?? null;
	}
	return snap;
}

export function renderSnapshot(task: Task, shape: SnapshotShape, fileUrl: string): Record<string, unknown> {
	return shape === 'quickstart' ? quickstart(task, fileUrl) : reference(task, fileUrl);
}
