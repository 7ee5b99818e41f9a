/** Test-only helpers: talk to a running simulator over real HTTP. */
import type { SimulatorHandle } from './types';

export interface Json {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(sim: SimulatorHandle, method: string, path: string, body?: unknown, key: string | null = sim.defaultKey): Promise<Json> {
	const headers: Record<string, string> = {};
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(`${sim.baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export const submitImage = (sim: SimulatorHandle, body: unknown, key?: string | null) =>
	call(sim, 'POST', '/api/ai/image/generate', body, key);
export const submitVideo = (sim: SimulatorHandle, body: unknown, key?: string | null) =>
	call(sim, 'POST', '/api/ai/video/generate', body, key);
export const getTask = (sim: SimulatorHandle, id: string, key?: string | null) =>
	call(sim, 'GET', `/api/ai/tasks/${encodeURIComponent(id)}`, undefined, key);

/** Polls until the task leaves status 0. */
export async function pollUntilDone(sim: SimulatorHandle, id: string, key?: string, timeoutMs = 10_000): Promise<Json> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const snap = await getTask(sim, id, key);
		if (snap.status !== 200 || snap.body.status !== 0) return snap;
		if (Date.now() > deadline) throw new Error(`task ${id} still pending after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

export async function download(url: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
	const res = await fetch(url);
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Top-level ISO BMFF boxes: [type, size] in file order. */
export function mp4Boxes(buf: Buffer): Array<[string, number]> {
	const boxes: Array<[string, number]> = [];
	let o = 0;
	while (o + 8 <= buf.length) {
		let size = buf.readUInt32BE(o);
		const type = buf.toString('latin1', o + 4, o + 8);
		if (size === 1) size = Number(buf.readBigUInt64BE(o + 8));
		if (size < 8) throw new Error(`bad box size ${size} at ${o}`);
		boxes.push([type, size]);
		o += size;
	}
	if (o !== buf.length) throw new Error(`boxes end at ${o}, file is ${buf.length} bytes`);
	return boxes;
}
