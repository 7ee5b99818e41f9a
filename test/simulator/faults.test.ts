import { download, getTask, pollUntilDone, submitImage } from './helpers';
import { startSimulator } from './server';
import type { SimulatorHandle } from './types';

let sim: SimulatorHandle;
const IMG = { model: 'gpt-image-2', prompt: 'p' };
const SUBMIT = '/api/ai/image/generate';

beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 10 });
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());

const chargeCount = () => sim.ledger(sim.defaultKey).charges.length;

async function rawSubmit(): Promise<Response> {
	return fetch(`${sim.baseUrl}${SUBMIT}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${sim.defaultKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(IMG),
	});
}

async function completedImageUrl(): Promise<string> {
	const sub = await submitImage(sim, IMG);
	return (await pollUntilDone(sim, sub.body.taskId)).body.imageUrls[0];
}

describe('status faults answer instead of handling', () => {
	it.each([500, 502, 503])('%d with default and custom body, nothing charged', async (status) => {
		const before = chargeCount();
		sim.faults.add({ server: 'api', method: 'POST', path: SUBMIT, action: { status } });
		sim.faults.add({ server: 'api', path: SUBMIT, action: { status, body: { error: 'custom', hint: 1 } } });
		const a = await submitImage(sim, IMG);
		expect(a.status).toBe(status);
		expect(typeof a.body.error).toBe('string');
		expect(await submitImage(sim, IMG)).toMatchObject({ status, body: { error: 'custom', hint: 1 } });
		expect(chargeCount()).toBe(before);
		expect((await submitImage(sim, IMG)).status).toBe(200); // faults used up
	});

	it('429 with and without Retry-After', async () => {
		sim.faults.add({ path: SUBMIT, action: { status: 429, retryAfterSeconds: 7 } });
		sim.faults.add({ path: SUBMIT, action: { status: 429 } });
		const a = await submitImage(sim, IMG);
		expect(a.status).toBe(429);
		expect(a.headers.get('retry-after')).toBe('7');
		const b = await submitImage(sim, IMG);
		expect(b.status).toBe(429);
		expect(b.headers.get('retry-after')).toBeNull();
	});

	it('times, filters and order of matching', async () => {
		sim.faults.add({ server: 'files', action: { status: 500 } }); // other server: never matches the API
		sim.faults.add({ method: 'GET', path: /^\/api\/ai\/tasks\//, times: 2, action: { status: 503 } });
		sim.faults.add({ method: 'GET', path: '/api/ai/tasks/', action: { status: 502 } });
		expect((await submitImage(sim, IMG)).status).toBe(200);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await getTask(sim, 'tsk_none')).status);
		expect(statuses).toEqual([503, 503, 502, 404]);
		expect(sim.faults.pending()).toEqual([expect.objectContaining({ server: 'files', remaining: 1 })]);
		sim.faults.clear();
		expect(sim.faults.pending()).toEqual([]);
	});
});

describe('connection-level faults', () => {
	it('delayMs slows the answer, then handles normally', async () => {
		sim.faults.add({ path: SUBMIT, action: { delayMs: 300 } });
		const t0 = Date.now();
		const res = await submitImage(sim, IMG);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		expect(res.status).toBe(200);
	});

	it('drop destroys the socket without charging', async () => {
		const before = chargeCount();
		sim.faults.add({ path: SUBMIT, action: { drop: true } });
		await expect(rawSubmit()).rejects.toThrow();
		expect(chargeCount()).toBe(before);
		expect(sim.requestsTo('api', 'POST', SUBMIT).length).toBeGreaterThan(0);
	});

	it('dropAfterAccept creates and charges the task, then drops', async () => {
		const before = sim.ledger(sim.defaultKey);
		sim.faults.add({ path: SUBMIT, action: { dropAfterAccept: true } });
		await expect(rawSubmit()).rejects.toThrow();
		const after = sim.ledger(sim.defaultKey);
		expect(after.charges).toHaveLength(before.charges.length + 1);
		expect(after.balance).toBe(before.balance - 3);
		const orphan = after.charges[after.charges.length - 1].taskId;
		expect(sim.tasks().some((t) => t.id === orphan)).toBe(true);
	});

	it('malformedJson answers 200 with a body that does not parse (task still created)', async () => {
		const before = chargeCount();
		sim.faults.add({ path: SUBMIT, action: { malformedJson: true } });
		const res = await rawSubmit();
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		await expect(res.json()).rejects.toThrow();
		expect(chargeCount()).toBe(before + 1);
	});

	it('truncate on the API cuts the JSON body short of its Content-Length', async () => {
		sim.faults.add({ server: 'api', path: SUBMIT, action: { truncate: true } });
		const res = await rawSubmit();
		await expect(res.text()).rejects.toThrow();
	});
});

describe('snapshot drift', () => {
	it('extraFields and omitFields change one snapshot', async () => {
		const sub = await submitImage(sim, IMG);
		const path = `/api/ai/tasks/${sub.body.taskId}`;
		sim.faults.add({ method: 'GET', path, action: { extraFields: { status: 'done', newThing: [1] } } });
		sim.faults.add({ method: 'GET', path, action: { omitFields: ['imageUrls', 'creditsUsed'] } });
		const a = await getTask(sim, sub.body.taskId);
		expect(a.body).toMatchObject({ status: 'done', newThing: [1], taskId: sub.body.taskId });
		const b = await getTask(sim, sub.body.taskId);
		expect(b.body).not.toHaveProperty('imageUrls');
		expect(b.body).not.toHaveProperty('creditsUsed');
		expect(b.body).toHaveProperty('taskId');
		expect((await getTask(sim, sub.body.taskId)).body).toHaveProperty('imageUrls');
	});
});

describe('file server faults', () => {
	it('truncate sends the full Content-Length but fewer bytes', async () => {
		const url = await completedImageUrl();
		const full = await download(url);
		sim.faults.add({ server: 'files', action: { truncate: true } });
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(Number(res.headers.get('content-length'))).toBe(full.bytes.length);
		await expect(res.arrayBuffer()).rejects.toThrow();
	});

	it('status, drop and delay work on the file server too', async () => {
		const url = await completedImageUrl();
		sim.faults.add({ server: 'files', action: { status: 503 } });
		sim.faults.add({ server: 'files', action: { drop: true } });
		sim.faults.add({ server: 'files', action: { delayMs: 200 } });
		expect((await download(url)).status).toBe(503);
		await expect(download(url)).rejects.toThrow();
		const t0 = Date.now();
		expect((await download(url)).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
	});

	it('slowFilesBytesPerSec throttles downloads', async () => {
		const sub = await submitImage(sim, { model: 'nano-banana-2', prompt: 'p' });
		const url = (await pollUntilDone(sim, sub.body.taskId)).body.imageUrls[0];
		const size = (await download(url)).bytes.length;
		sim.configure({ slowFilesBytesPerSec: Math.ceil(size / 0.4) });
		try {
			const t0 = Date.now();
			const file = await download(url);
			expect(file.bytes.length).toBe(size);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
		} finally {
			sim.configure({ slowFilesBytesPerSec: undefined });
		}
	});
});
