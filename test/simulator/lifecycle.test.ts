import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { call, download, getTask, mp4Boxes, pollUntilDone, submitImage, submitVideo } from './helpers';
import { DEFAULT_KEY, startSimulator } from './server';
import type { SimulatorHandle } from './types';

const REFERENCE_KEYS = [
	'taskId', 'type', 'status', 'model', 'prompt', 'imageUrls', 'videoUrl',
	'errorCode', 'errorMessage', 'creditsUsed', 'creditsRefunded', 'createdAt', 'updatedAt',
].sort();
const QUICKSTART_KEYS = ['id', 'type', 'status', 'outputImageUrls', 'createdAt', 'completedAt', 'creditsUsed', 'creditRefunded'].sort();

let sim: SimulatorHandle;
/** For tests that assert the pending state: wide enough margin for a loaded CI machine. */
const PENDING_MARGIN = { latencyMs: 750 };
const OTHER = 'sk_test_other_account';

beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 50 });
	sim.addAccount(OTHER, 50);
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.setSnapshotShape('reference');
	sim.configure({ outcome: undefined, latencyMs: 50, latencyByModel: {}, imageCount: 1 });
	sim.faults.clear();
});

describe('happy path', () => {
	it('submits, polls, completes and serves a real PNG from the file host', async () => {
		expect(sim.defaultKey).toBe(DEFAULT_KEY);
		sim.configure(PENDING_MARGIN);
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'a red fox' });
		expect(sub.status).toBe(200);
		expect(sub.body).toEqual({ taskId: expect.stringMatching(/^tsk_[0-9A-Z]{26}$/), status: 0, creditsUsed: 3 });

		const pending = await getTask(sim, sub.body.taskId);
		expect(pending.body).toMatchObject({ status: 0, imageUrls: [], videoUrl: null });

		const done = await pollUntilDone(sim, sub.body.taskId);
		expect(done.body).toMatchObject({ taskId: sub.body.taskId, type: 'image', status: 1, model: 'gpt-image-2', prompt: 'a red fox' });
		expect(done.body.imageUrls).toEqual([`${sim.fileUrl}/files/${sub.body.taskId}/0.png`]);
		expect(new URL(sim.fileUrl).host).not.toBe(new URL(sim.baseUrl).host);

		const file = await download(done.body.imageUrls[0]);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('image/png');
		expect(Number(file.headers.get('content-length'))).toBe(file.bytes.length);
		expect(file.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect(file.bytes.toString('latin1', 12, 16)).toBe('IHDR');
		expect([file.bytes.readUInt32BE(16), file.bytes.readUInt32BE(20)]).toEqual([64, 48]);
		const png = PNG.sync.read(file.bytes);
		expect([png.width, png.height]).toEqual([64, 48]);
	});

	it.each(['nano-banana-pro', 'google/nano-banana'])('%s yields a real JPEG', async (model) => {
		const sub = await submitImage(sim, { model, prompt: 'p' });
		const done = await pollUntilDone(sim, sub.body.taskId);
		expect(done.body.imageUrls[0]).toMatch(/\/0\.jpg$/);
		const file = await download(done.body.imageUrls[0]);
		expect(file.headers.get('content-type')).toBe('image/jpeg');
		expect(file.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		const img = jpeg.decode(file.bytes, { useTArray: true });
		expect([img.width, img.height]).toEqual([64, 48]);
	});

	it('video tasks give a real MP4 at videoUrl', async () => {
		const sub = await submitVideo(sim, { model: 'veo3_lite', prompt: 'waves', inputMode: 'text_to_video' });
		expect(sub.body.creditsUsed).toBe(5);
		const done = await pollUntilDone(sim, sub.body.taskId);
		expect(done.body).toMatchObject({ type: 'video', status: 1, imageUrls: [] });
		expect(done.body.videoUrl).toBe(`${sim.fileUrl}/files/${sub.body.taskId}/video.mp4`);
		const file = await download(done.body.videoUrl);
		expect(file.headers.get('content-type')).toBe('video/mp4');
		expect(Number(file.headers.get('content-length'))).toBe(file.bytes.length);
		const types = mp4Boxes(file.bytes).map(([t]) => t);
		expect(types[0]).toBe('ftyp');
		expect(types).toEqual(expect.arrayContaining(['moov', 'mdat']));
	});

	it('two tasks give different image bytes; imageCount yields several', async () => {
		sim.configure({ imageCount: 3 });
		const a = await submitImage(sim, { model: 'gpt-image-2', prompt: 'same' });
		const b = await submitImage(sim, { model: 'gpt-image-2', prompt: 'same' });
		const [da, db] = await Promise.all([pollUntilDone(sim, a.body.taskId), pollUntilDone(sim, b.body.taskId)]);
		expect(da.body.imageUrls).toHaveLength(3);
		const files = await Promise.all([...da.body.imageUrls, db.body.imageUrls[0]].map((u: string) => download(u)));
		const distinct = new Set(files.map((f) => f.bytes.toString('base64')));
		expect(distinct.size).toBe(4);
		expect((await download(`${sim.fileUrl}/files/${a.body.taskId}/3.png`)).status).toBe(404);
	});

	it('does not serve files of pending tasks', async () => {
		sim.configure({ outcome: () => ({ neverFinish: true }) });
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		expect((await download(`${sim.fileUrl}/files/${sub.body.taskId}/0.png`)).status).toBe(404);
		sim.settleTask(sub.body.taskId);
		expect((await download(`${sim.fileUrl}/files/${sub.body.taskId}/0.png`)).status).toBe(200);
	});
});

describe('timing', () => {
	it('stays pending until its latency elapsed (global, per model, per request)', async () => {
		sim.configure({ latencyMs: 5000, latencyByModel: { 'nano-banana-2': 100 } });
		const slow = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		const fast = await submitImage(sim, { model: 'nano-banana-2', prompt: 'p' });
		sim.configure({ outcome: () => ({ latencyMs: 0 }) });
		const instant = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		expect((await getTask(sim, instant.body.taskId)).body.status).toBe(1);
		await new Promise((r) => setTimeout(r, 150));
		expect((await getTask(sim, fast.body.taskId)).body.status).toBe(1);
		expect((await getTask(sim, slow.body.taskId)).body.status).toBe(0);
	});

	it('neverFinish stays pending', async () => {
		sim.configure({ outcome: () => ({ neverFinish: true, latencyMs: 0 }) });
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		await new Promise((r) => setTimeout(r, 50));
		expect((await getTask(sim, sub.body.taskId)).body.status).toBe(0);
	});

	it('the outcome hook sees body, model, type, seq and account', async () => {
		const seen: unknown[] = [];
		sim.configure({ outcome: (r) => void seen.push(r) });
		await submitVideo(sim, { model: 'veo3', prompt: 'p', inputMode: 'text_to_video', extra: 1 });
		expect(seen).toEqual([
			{ body: { model: 'veo3', prompt: 'p', inputMode: 'text_to_video', extra: 1 }, model: 'veo3', type: 'video', seq: expect.any(Number), accountKey: DEFAULT_KEY },
		]);
	});
});

describe('auth and scoping', () => {
	it('401 without a key, with a bad key, and with a non-Bearer scheme', async () => {
		expect(await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' }, null)).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
		expect(await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' }, 'sk_live_nope')).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
		expect(await getTask(sim, 'tsk_x', null)).toMatchObject({ status: 401 });
		const res = await fetch(`${sim.baseUrl}/api/ai/tasks/tsk_x`, { headers: { Authorization: `Basic ${DEFAULT_KEY}` } });
		expect(res.status).toBe(401);
	});

	it('404 for an unknown id and for another account’s task', async () => {
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		expect(await getTask(sim, sub.body.taskId, OTHER)).toMatchObject({ status: 404, body: { error: 'Task not found' } });
		expect(await getTask(sim, 'tsk_unknown')).toMatchObject({ status: 404, body: { error: 'Task not found' } });
	});

	it('unknown routes are JSON 404s; wrong methods 405', async () => {
		expect(await call(sim, 'GET', '/api/ai/nope')).toMatchObject({ status: 404, body: { error: expect.any(String) } });
		expect(await call(sim, 'GET', '/api/ai/image/generate')).toMatchObject({ status: 405 });
	});

	it('402 with required, nothing charged', async () => {
		const key = 'sk_test_poor';
		sim.addAccount(key, 11);
		const res = await submitImage(sim, { model: 'nano-banana-pro', prompt: 'p' }, key);
		expect(res).toMatchObject({ status: 402, body: { error: 'Insufficient credits', required: 12 } });
		expect(sim.ledger(key)).toEqual({ balance: 11, charges: [] });
		sim.setBalance(key, 12);
		expect((await submitImage(sim, { model: 'nano-banana-pro', prompt: 'p' }, key)).status).toBe(200);
		expect(sim.ledger(key).balance).toBe(0);
	});
});

describe('snapshot shapes and refunds', () => {
	it('reference shape has exactly the documented keys, pending and done', async () => {
		sim.configure(PENDING_MARGIN);
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		const pending = await getTask(sim, sub.body.taskId);
		expect(Object.keys(pending.body).sort()).toEqual(REFERENCE_KEYS);
		expect(pending.body).toMatchObject({ errorCode: null, errorMessage: null, creditsRefunded: false });
		const done = await pollUntilDone(sim, sub.body.taskId);
		expect(Object.keys(done.body).sort()).toEqual(REFERENCE_KEYS);
		expect(Date.parse(done.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.createdAt));
	});

	it('quickstart shape has exactly the documented keys (+videoUrl on video)', async () => {
		sim.setSnapshotShape('quickstart');
		sim.configure(PENDING_MARGIN);
		const img = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		const pending = await getTask(sim, img.body.taskId);
		expect(Object.keys(pending.body).sort()).toEqual(QUICKSTART_KEYS);
		expect(pending.body.completedAt).toBeNull();
		const done = await pollUntilDone(sim, img.body.taskId);
		expect(Object.keys(done.body).sort()).toEqual(QUICKSTART_KEYS);
		expect(done.body.outputImageUrls).toHaveLength(1);
		expect(typeof done.body.completedAt).toBe('string');

		const vid = await submitVideo(sim, { model: 'veo3_fast', prompt: 'p', inputMode: 'text_to_video' });
		const vdone = await pollUntilDone(sim, vid.body.taskId);
		expect(Object.keys(vdone.body).sort()).toEqual([...QUICKSTART_KEYS, 'videoUrl'].sort());
		expect(vdone.body.videoUrl).toMatch(/\/video\.mp4$/);
	});

	it.each([
		['reference', 'creditsRefunded', REFERENCE_KEYS],
		['quickstart', 'creditRefunded', [...QUICKSTART_KEYS, 'errorCode', 'errorMessage'].sort()],
	] as const)('failure refunds automatically (%s shape)', async (shape, flag, keys) => {
		sim.setSnapshotShape(shape);
		const codes = ['EMPTY_RESULT', 'STORAGE_ERROR', 'PROVIDER_CONTENT_POLICY'];
		sim.configure({ ...PENDING_MARGIN, outcome: ({ seq }) => ({ fail: { code: codes[seq % 3], message: `failed #${seq}` } }) });
		const before = sim.ledger(DEFAULT_KEY).balance;
		const sub = await submitImage(sim, { model: 'nano-banana-2', prompt: 'p', resolution: '4K' });
		expect(sim.ledger(DEFAULT_KEY).balance).toBe(before - 8);
		const done = await pollUntilDone(sim, sub.body.taskId);
		expect(done.body.status).toBe(2);
		expect(Object.keys(done.body).sort()).toEqual(keys);
		expect(codes).toContain(done.body.errorCode);
		expect(done.body.errorMessage).toMatch(/^failed #/);
		expect(done.body[flag]).toBe(true);
		expect(done.body.creditsUsed).toBe(8);
		const ledger = sim.ledger(DEFAULT_KEY);
		expect(ledger.balance).toBe(before);
		expect(ledger.charges.find((c) => c.taskId === sub.body.taskId)).toMatchObject({ credits: 8, refunded: true, model: 'nano-banana-2', type: 'image' });
		expect((await download(`${sim.fileUrl}/files/${sub.body.taskId}/0.png`)).status).toBe(404);
	});

	it('settleTask can fail a pending task on demand', async () => {
		sim.configure({ outcome: () => ({ neverFinish: true }) });
		const sub = await submitVideo(sim, { model: 'veo3', prompt: 'p', inputMode: 'text_to_video' });
		sim.settleTask(sub.body.taskId, { fail: { code: 'STORAGE_ERROR', message: 'disk' } });
		const snap = await getTask(sim, sub.body.taskId);
		expect(snap.body).toMatchObject({ status: 2, errorCode: 'STORAGE_ERROR', creditsRefunded: true, videoUrl: null });
	});
});

describe('file server and request log', () => {
	it('serves without auth, and a plain fetch never sends the key there', async () => {
		sim.clearLog();
		const sub = await submitImage(sim, { model: 'gpt-image-2', prompt: 'p' });
		const done = await pollUntilDone(sim, sub.body.taskId);
		expect((await download(done.body.imageUrls[0])).status).toBe(200);
		const fileReqs = sim.requestsTo('files', 'GET', '/files/');
		expect(fileReqs).toHaveLength(1);
		expect(fileReqs[0].hadAuthorization).toBe(false);
		expect(sim.fileServerSawKey(DEFAULT_KEY)).toBe(false);

		const api = sim.requestsTo('api', 'POST', '/api/ai/image/generate');
		expect(api).toHaveLength(1);
		expect(api[0]).toMatchObject({ hadAuthorization: true, body: { model: 'gpt-image-2', prompt: 'p' }, server: 'api' });
		expect(api[0].headers.authorization).toBe('Bearer sk_…***');
		expect(JSON.stringify(sim.requests)).not.toContain(DEFAULT_KEY);
	});

	it('notices a key sent to the file server, even masked in the log', async () => {
		sim.clearLog();
		await fetch(`${sim.fileUrl}/files/x/0.png`, { headers: { Authorization: `Bearer ${DEFAULT_KEY}` } });
		expect(sim.requestsTo('files')[0].hadAuthorization).toBe(true);
		expect(sim.fileServerSawKey(DEFAULT_KEY)).toBe(true);
		sim.clearLog();
		expect(sim.fileServerSawKey(DEFAULT_KEY)).toBe(false);
	});
});
