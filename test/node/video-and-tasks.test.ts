import { mp4BoxTypes } from '../engine/media';
import { useSimulator } from '../engine/simulator-fixture';
import { NODE_NAME } from '../engine/workflows';
import type { SimulatorHandle } from '../simulator';

const fixture = useSimulator();
const run = fixture.runNode;
let sim: SimulatorHandle;
beforeEach(() => (sim = fixture.sim));

const video = (extra: Record<string, unknown>) => ({ resource: 'video', operation: 'generate', prompt: 'A slow dolly shot', ...extra });

describe('Video → Generate', () => {
	test('text-to-video: the MP4 arrives as binary "video" and the body matches the API doc', async () => {
		const result = await run(video({ model: 'sora-2-text-to-video', duration: 10, resolution: '1080p', aspectRatio: '9:16' }));
		expect(result.error).toBeUndefined();
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ type: 'video', state: 'completed', creditsUsed: 15, estimatedCredits: 15, videoUrl: expect.any(String) });
		const binary = item.binary!.video;
		expect(binary).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', fileName: `${item.json.taskId}.mp4` });
		const bytes = await result.binaryBuffer(binary);
		expect(mp4BoxTypes(bytes)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
		const served = Buffer.from(await (await fetch(item.json.videoUrl as string)).arrayBuffer());
		expect(bytes.equals(served)).toBe(true);
		const [submit] = sim.requestsTo('api', 'POST', '/api/ai/video/generate');
		expect(submit.body).toEqual({
			model: 'sora-2-text-to-video',
			prompt: 'A slow dolly shot',
			inputMode: 'text_to_video',
			duration: 10,
			resolution: '1080p',
			aspectRatio: '9:16',
		});
	});

	test('image-to-video models send their one image and the derived input mode', async () => {
		await run(video({ model: 'kling/v2-1-pro', imageUrl: 'https://example.com/frame.png', duration: 5 }));
		const [submit] = sim.requestsTo('api', 'POST', '/api/ai/video/generate');
		expect(submit.body).toEqual({
			model: 'kling/v2-1-pro',
			prompt: 'A slow dolly shot',
			inputMode: 'image_to_video',
			inputImageUrls: ['https://example.com/frame.png'],
			duration: 5,
			aspectRatio: '16:9',
		});
	});

	test('Veo accepts both modes: the chosen one is sent, always 8 s, no resolution', async () => {
		await run(video({ model: 'veo3_fast', inputMode: 'image_to_video', imageUrl: 'https://example.com/f.jpg' }));
		await run(video({ model: 'veo3', inputMode: 'text_to_video' }));
		const bodies = sim.requestsTo('api', 'POST', '/api/ai/video/generate').map((r) => r.body as Record<string, unknown>);
		expect(bodies[0]).toMatchObject({ model: 'veo3_fast', inputMode: 'image_to_video', duration: 8, inputImageUrls: ['https://example.com/f.jpg'] });
		expect(bodies[1]).toMatchObject({ model: 'veo3', inputMode: 'text_to_video', duration: 8 });
		expect(bodies[1]).not.toHaveProperty('inputImageUrls');
		bodies.forEach((body) => expect(body).not.toHaveProperty('resolution'));
	});
});

describe('failed tasks, Max Wait and Continue On Fail', () => {
	test('a failed task stops the node with a NodeApiError: code, message, task ID and the refund', async () => {
		sim.configure({ outcome: () => ({ fail: { code: 'PROVIDER_CONTENT_POLICY', message: 'Prompt was flagged' } }) });
		const before = sim.ledger(sim.defaultKey).balance;
		const result = await run(video({ model: 'veo3_lite' }));
		expect(result.error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 0 }, errorResponse: { errorCode: 'PROVIDER_CONTENT_POLICY' } });
		expect(result.error!.message).toMatch(/^Task tsk_\w+ failed: PROVIDER_CONTENT_POLICY — Prompt was flagged \[item 0\]$/);
		expect(result.error!.description).toMatch(/refunded/);
		expect(sim.ledger(sim.defaultKey).balance).toBe(before);
	});

	test('with Continue On Fail the failed item keeps its task ID and the others carry on', async () => {
		sim.configure({ outcome: ({ body }) => (body.prompt === 'bad' ? { fail: { code: 'EMPTY_RESULT', message: 'No image' } } : {}) });
		const result = await run(
			{ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: '={{ $json.p }}' },
			[{ p: 'good 1' }, { p: 'bad' }, { p: 'good 2' }],
			true,
		);
		expect(result.error).toBeUndefined();
		const items = result.output(NODE_NAME);
		expect(items.map((i) => i.json.state)).toEqual(['completed', 'failed', 'completed']);
		expect(items[1].json).toMatchObject({
			taskId: expect.stringMatching(/^tsk_/),
			errorCode: 'EMPTY_RESULT',
			errorMessage: 'No image',
			creditsRefunded: true,
			error: expect.stringContaining('EMPTY_RESULT'),
		});
		expect(items[0].binary?.image).toBeDefined();
		expect(items[2].binary?.image).toBeDefined();
	});

	test('Max Wait reached: the item comes out pending with its task ID and a resume hint, not an error', async () => {
		sim.configure({ outcome: () => ({ neverFinish: true }) });
		const result = await run(video({ model: 'veo3_lite', options: { maxWaitSeconds: 3 } }));
		expect(result.error).toBeUndefined();
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ state: 'pending', status: 0, taskId: expect.stringMatching(/^tsk_/), creditsUsed: 5 });
		expect(item.json.hint).toMatch(/Task → Wait for Completion/);
		expect(item.json.waitedMs as number).toBeGreaterThanOrEqual(3_000);
		expect(sim.requestsTo('api', 'GET').length).toBeGreaterThanOrEqual(1);
	});
});

describe('Task → Get and Task → Wait for Completion', () => {
	async function submitPending(latencyMs: number) {
		sim.configure({ latencyMs });
		const result = await run({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: 'later', waitForCompletion: false });
		return result.output(NODE_NAME)[0].json.taskId as string;
	}

	test('Get reads one snapshot without waiting, in the normalised shape', async () => {
		const taskId = await submitPending(60_000);
		sim.clearLog();
		const result = await run({ resource: 'task', operation: 'get', taskId });
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ taskId, state: 'pending', status: 0, type: 'image', model: 'gpt-image-2' });
		expect(sim.requestsTo('api', 'GET')).toHaveLength(1);
	});

	test('Wait for Completion resumes a task submitted earlier and downloads its result', async () => {
		const taskId = await submitPending(2_500);
		const result = await run({ resource: 'task', operation: 'waitForCompletion', taskId: '={{ $json.id }}' }, [{ id: taskId }]);
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ taskId, state: 'completed' });
		expect(item.binary?.image?.fileName).toBe(`${taskId}.png`);
	});

	test('an unknown or foreign task ID is a clear 404 error', async () => {
		const result = await run({ resource: 'task', operation: 'get', taskId: 'tsk_does_not_exist' });
		expect(result.error?.message).toMatch(/Task not found.*\[item 0\]/);
	});
});

describe('nothing lost when one item stops the node', () => {
	test('the error lists the other items’ charged tasks with their IDs and states', async () => {
		sim.configure({ outcome: ({ body }) => (body.prompt === 'bad' ? { fail: { code: 'STORAGE_ERROR', message: 'upload failed' } } : {}) });
		const result = await run(
			{ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: '={{ $json.p }}' },
			[{ p: 'good 1' }, { p: 'bad' }, { p: 'good 2' }],
		);
		expect(result.error?.message).toMatch(/STORAGE_ERROR.*\[item 1\]/);
		const charged = sim.ledger(sim.defaultKey).charges.slice(-3);
		const good = charged.filter((c) => (c.body as { prompt: string }).prompt !== 'bad');
		expect(good).toHaveLength(2);
		for (const [index, charge] of [[0, good[0]], [2, good[1]]] as const) {
			expect(result.error?.description).toContain(`item ${index}: ${charge.taskId} (completed)`);
		}
		expect(result.error?.description).toMatch(/resume any with Task → Wait for Completion/);
	});
});
