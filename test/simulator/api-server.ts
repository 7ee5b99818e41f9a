/** The API host: routing, auth, and the faults that act on a handled reply. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { authenticate, getTask, submit, UNAUTHORIZED } from './api-routes';
import type { SimContext } from './context';
import { applyPreFault } from './fault-gate';
import type { FaultAction } from './faults';
import { dropConnection, isPlainObject, jsonHeaders, readBody, Reply, sendJson } from './http-util';

const TASK_PATH = /^\/api\/ai\/tasks\/([^/]+)$/;
const SUBMIT_PATHS: Record<string, 'image' | 'video'> = {
	'/api/ai/image/generate': 'image',
	'/api/ai/video/generate': 'video',
};

function route(ctx: SimContext, req: IncomingMessage, path: string, rawBody: string): Reply {
	const method = req.method ?? 'GET';
	const kind = SUBMIT_PATHS[path];
	const taskMatch = TASK_PATH.exec(path);
	if (!kind && !taskMatch) return { status: 404, body: { error: 'Not found' } };
	const allowed = kind ? 'POST' : 'GET';
	if (method !== allowed) return { status: 405, body: { error: 'Method not allowed' }, headers: { Allow: allowed } };
	const accountKey = authenticate(ctx, req.headers.authorization);
	if (!accountKey) return UNAUTHORIZED;
	if (kind) return submit(ctx, kind, accountKey, rawBody);
	let id: string;
	try {
		id = decodeURIComponent(taskMatch![1]);
	} catch {
		return { status: 404, body: { error: 'Task not found' } };
	}
	return getTask(ctx, accountKey, id);
}

function reshape(body: unknown, fault: FaultAction | undefined): unknown {
	if (!fault || !isPlainObject(body)) return body;
	if ('extraFields' in fault) return { ...body, ...fault.extraFields };
	if ('omitFields' in fault) {
		const copy = { ...body };
		for (const k of fault.omitFields) delete copy[k];
		return copy;
	}
	return body;
}

function deliver(res: ServerResponse, reply: Reply, fault: FaultAction | undefined): void {
	if (fault && 'dropAfterAccept' in fault) return dropConnection(res);
	const text = Buffer.from(JSON.stringify(reshape(reply.body, fault)));
	if (fault && 'malformedJson' in fault) {
		// Any proper prefix of a JSON object is invalid JSON.
		const broken = text.subarray(0, Math.ceil(text.length / 2));
		res.writeHead(200, jsonHeaders(broken.length));
		res.end(broken);
		return;
	}
	if (fault && 'truncate' in fault) {
		res.writeHead(reply.status, jsonHeaders(text.length, reply.headers));
		res.write(text.subarray(0, Math.floor(text.length / 2)), () => dropConnection(res));
		return;
	}
	res.writeHead(reply.status, jsonHeaders(text.length, reply.headers));
	res.end(text);
}

export function createApiServer(ctx: SimContext): Server {
	return createServer(async (req, res) => {
		try {
			const rawBody = await readBody(req);
			const entry = ctx.log.record('api', req, rawBody);
			const fault = ctx.faults.take('api', entry.method, entry.path);
			if (await applyPreFault(res, fault)) return;
			deliver(res, route(ctx, req, entry.path, rawBody), fault);
		} catch (err) {
			if (!res.headersSent) sendJson(res, { status: 500, body: { error: 'Internal server error', message: String(err) } });
			else dropConnection(res);
		}
	});
}
