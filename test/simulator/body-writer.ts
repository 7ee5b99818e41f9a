/**
 * Streams a response body made of buffers and runs of zeros, honouring
 * backpressure so hundreds of MB pass through a few KB of memory, with
 * optional throttling and deliberate truncation (connection cut mid-body).
 */
import type { ServerResponse } from 'node:http';

export type BodyPart = Buffer | { zeros: number };

export interface WriteOptions {
	bytesPerSec?: number;
	/** Send only this many bytes, then destroy the socket. */
	stopAfter?: number;
}

const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

export function partsLength(parts: BodyPart[]): number {
	return parts.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.zeros), 0);
}

function* chunks(parts: BodyPart[], chunkSize: number): Generator<Buffer> {
	for (const p of parts) {
		if (Buffer.isBuffer(p)) {
			for (let o = 0; o < p.length; o += chunkSize) yield p.subarray(o, o + chunkSize);
		} else {
			for (let left = p.zeros; left > 0; left -= chunkSize) yield ZEROS.subarray(0, Math.min(chunkSize, left));
		}
	}
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function writeFlushed(res: ServerResponse, chunk: Buffer): Promise<boolean> {
	return new Promise((resolve) => {
		const onClose = () => resolve(false);
		res.once('close', onClose);
		res.write(chunk, (err) => {
			res.off('close', onClose);
			resolve(!err);
		});
	});
}

/** Resolves once the body is sent, cut, or the client went away. */
export async function writeParts(res: ServerResponse, parts: BodyPart[], opts: WriteOptions = {}): Promise<void> {
	const bps = opts.bytesPerSec && opts.bytesPerSec > 0 ? opts.bytesPerSec : undefined;
	// Small chunks when throttled so the rate is smooth rather than bursty.
	const chunkSize = bps ? Math.max(1, Math.min(CHUNK, Math.floor(bps / 20))) : CHUNK;
	const limit = opts.stopAfter ?? Infinity;
	const started = Date.now();
	let sent = 0;
	for (let chunk of chunks(parts, chunkSize)) {
		if (res.destroyed) return;
		if (sent + chunk.length > limit) chunk = chunk.subarray(0, limit - sent);
		if (chunk.length > 0) {
			// Waiting for each flush doubles as backpressure and makes truncation deterministic.
			if (!(await writeFlushed(res, chunk))) return;
			sent += chunk.length;
		}
		if (sent >= limit) {
			res.socket?.destroy();
			res.destroy();
			return;
		}
		if (bps) {
			const ahead = (sent / bps) * 1000 - (Date.now() - started);
			if (ahead > 0) await sleep(ahead);
		}
	}
	res.end();
}
