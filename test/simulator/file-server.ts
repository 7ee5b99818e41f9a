/**
 * The CDN stand-in: serves result files of completed tasks to anyone, with no
 * auth (so a client sending its API key here is a leak the log can reveal).
 */
import { createServer, Server, ServerResponse } from 'node:http';
import { BodyPart, partsLength, writeParts } from './body-writer';
import type { SimContext } from './context';
import { applyPreFault } from './fault-gate';
import type { FaultAction } from './faults';
import { dropConnection, readBody, sendJson } from './http-util';
import { imageExtension, renderImage } from './media';
import { paddedMp4, sampleMp4 } from './mp4';

const FILE_PATH = /^\/files\/([^/]+)\/([^/]+)$/;
const MIB = 1024 * 1024;
/** Truncation never sends more than this, so a cut large video fails fast. */
const TRUNCATE_CAP = MIB;

interface ResolvedFile {
	contentType: string;
	parts: BodyPart[];
}

function resolveFile(ctx: SimContext, path: string): ResolvedFile | undefined {
	const m = FILE_PATH.exec(path);
	if (!m) return undefined;
	const task = ctx.tasks.get(decodeURIComponent(m[1]));
	if (!task || task.status !== 1) return undefined;
	const name = m[2];
	if (task.type === 'video') {
		if (name !== 'video.mp4') return undefined;
		const mb = ctx.settings.largeVideoMb;
		const parts = mb ? paddedMp4(Math.round(mb * MIB)).parts : [sampleMp4()];
		return { contentType: 'video/mp4', parts };
	}
	const ext = imageExtension(task.imageFormat);
	const im = new RegExp(`^(\\d+)\\.${ext}$`).exec(name);
	const index = im ? Number(im[1]) : -1;
	if (index < 0 || index >= task.imageCount) return undefined;
	const file = renderImage(task.id, index, task.imageFormat);
	return { contentType: file.contentType, parts: [file.bytes] };
}

async function serve(ctx: SimContext, res: ServerResponse, method: string, path: string, fault: FaultAction | undefined): Promise<void> {
	if (method !== 'GET' && method !== 'HEAD') {
		return sendJson(res, { status: 405, body: { error: 'Method not allowed' }, headers: { Allow: 'GET, HEAD' } });
	}
	const file = resolveFile(ctx, path);
	if (!file) return sendJson(res, { status: 404, body: { error: 'File not found' } });
	const length = partsLength(file.parts);
	res.writeHead(200, {
		'Content-Type': file.contentType,
		'Content-Length': String(length),
		'Cache-Control': 'public, max-age=31536000, immutable',
	});
	if (method === 'HEAD') return void res.end();
	if (fault && 'dropAfterAccept' in fault) {
		res.flushHeaders();
		return dropConnection(res);
	}
	const stopAfter = fault && 'truncate' in fault ? Math.min(Math.floor(length / 2), TRUNCATE_CAP) : undefined;
	await writeParts(res, file.parts, { bytesPerSec: ctx.settings.slowFilesBytesPerSec, stopAfter });
}

export function createFileServer(ctx: SimContext): Server {
	return createServer(async (req, res) => {
		try {
			const rawBody = await readBody(req);
			const entry = ctx.log.record('files', req, rawBody);
			const fault = ctx.faults.take('files', entry.method, entry.path);
			if (await applyPreFault(res, fault)) return;
			await serve(ctx, res, entry.method, entry.path, fault);
		} catch (err) {
			if (!res.headersSent) sendJson(res, { status: 500, body: { error: 'Internal server error', message: String(err) } });
			else dropConnection(res);
		}
	});
}
