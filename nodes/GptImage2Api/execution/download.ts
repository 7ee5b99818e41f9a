import type { IBinaryData, IBinaryKeyData } from 'n8n-workflow';

import type { TaskContext } from './context';
import type { Limiter } from './limiter';
import { sleep } from './sleep';

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
};
const MIME_BY_EXTENSION = Object.fromEntries(Object.entries(EXTENSIONS).map(([mime, ext]) => [ext, mime]));
MIME_BY_EXTENSION.jpeg = 'image/jpeg';

const DOWNLOAD_TIMEOUT_MS = 300_000;
const ATTEMPTS = 3;

function fileType(url: string, contentType: unknown, fallbackMime: string): { mimeType: string; extension: string } {
	const mime = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	if (EXTENSIONS[mime]) return { mimeType: mime, extension: EXTENSIONS[mime] };
	const fromUrl = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
	if (fromUrl && MIME_BY_EXTENSION[fromUrl]) return { mimeType: MIME_BY_EXTENSION[fromUrl], extension: fromUrl === 'jpeg' ? 'jpg' : fromUrl };
	return { mimeType: mime || fallbackMime, extension: EXTENSIONS[fallbackMime] ?? 'bin' };
}

export const DEFAULT_MAX_FILE_MB = 2048;

class TooLarge extends Error {}

/** A result file that could not be fetched; the task itself is fine and its URL stays in the item. */
export class DownloadProblem extends Error {
	constructor(
		readonly url: string,
		message: string,
	) {
		super(message);
		this.name = 'DownloadProblem';
	}
}

/**
 * Fetches one result file from the file host — deliberately with plain httpRequest, so the API
 * key is never sent there — and streams it into n8n's binary data store. Retried with backoff;
 * a body shorter than its Content-Length counts as a failed attempt.
 */
async function downloadOne(
	ctx: TaskContext,
	limiter: Limiter,
	url: string,
	fileName: string,
	fallbackMime: string,
	maxBytes: number,
	signal?: AbortSignal,
): Promise<IBinaryData> {
	let lastError = '';
	for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
		if (attempt > 1) await sleep(1_000 * 2 ** (attempt - 2), signal);
		try {
			return await limiter.run(async () => {
				const response = (await ctx.helpers.httpRequest({
					url,
					method: 'GET',
					encoding: 'stream',
					returnFullResponse: true,
					timeout: DOWNLOAD_TIMEOUT_MS,
				})) as { body: NodeJS.ReadableStream; headers: Record<string, unknown>; statusCode: number };
				const { mimeType, extension } = fileType(url, response.headers['content-type'], fallbackMime);
				const expected = Number(response.headers['content-length']);
				if (expected > maxBytes) {
					(response.body as unknown as { destroy?: () => void }).destroy?.();
					throw new TooLarge(`the file is ${Math.round(expected / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit`);
				}
				const binary = await ctx.helpers.prepareBinaryData(
					response.body as unknown as Buffer,
					`${fileName}.${extension}`,
					mimeType,
				);
				const received = binary.bytes ?? (binary.id ? undefined : Buffer.byteLength(binary.data, 'base64'));
				if (Number.isFinite(expected) && received !== undefined && received !== expected) {
					throw new Error(`received ${received} of ${expected} bytes`);
				}
				// A host that sends no Content-Length is held to the limit once the file is in.
				if (received !== undefined && received > maxBytes) {
					throw new TooLarge(`the file is ${Math.round(received / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit`);
				}
				return binary;
			});
		} catch (error) {
			const status = (error as { httpCode?: string; response?: { status?: number } }).response?.status;
			lastError = status ? `HTTP ${status}` : (error as Error).message;
			if (error instanceof TooLarge || (status && status >= 400 && status < 500 && status !== 429)) break;
		}
	}
	throw new DownloadProblem(url, `Could not download ${url}: ${lastError}`);
}

export async function downloadResults(
	ctx: TaskContext,
	limiter: Limiter,
	task: { taskId: string; urls: string[]; type: 'image' | 'video' },
	propertyPrefix: string,
	signal?: AbortSignal,
	maxBytes = DEFAULT_MAX_FILE_MB * 1048576,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	const several = task.urls.length > 1;
	const fallbackMime = task.type === 'video' ? 'video/mp4' : 'image/png';
	const files = await Promise.all(
		task.urls.map(async (url, index) =>
			await downloadOne(ctx, limiter, url, several ? `${task.taskId}_${index}` : task.taskId, fallbackMime, maxBytes, signal),
		),
	);
	files.forEach((file, index) => {
		binary[several ? `${propertyPrefix}_${index}` : propertyPrefix] = file;
	});
	return binary;
}
