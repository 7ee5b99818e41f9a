/** Small node:http helpers shared by both servers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => parts.push(c));
		req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		req.on('error', reject);
	});
}

export function jsonHeaders(length: number, extra: Record<string, string> = {}): Record<string, string> {
	return { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(length), ...extra };
}

export function sendJson(res: ServerResponse, reply: Reply): void {
	const text = Buffer.from(JSON.stringify(reply.body));
	res.writeHead(reply.status, jsonHeaders(text.length, reply.headers));
	res.end(text);
}

export function dropConnection(res: ServerResponse): void {
	res.socket?.destroy();
	res.destroy();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
