import type { INodeExecutionData } from 'n8n-workflow';

import { decodeImage } from '../engine/media';
import { useSimulator } from '../engine/simulator-fixture';
import { NODE_NAME } from '../engine/workflows';
import type { SimulatorHandle } from '../simulator';

const fixture = useSimulator();
const run = fixture.runNode;
let sim: SimulatorHandle;
beforeEach(() => (sim = fixture.sim));

const imageParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'image',
	operation: 'generate',
	model: 'gpt-image-2',
	prompt: 'A ceramic mug on a walnut table',
	...extra,
});

async function bytesOf(result: Awaited<ReturnType<typeof run>>, item: INodeExecutionData, key: string) {
	const binary = item.binary?.[key];
	if (!binary) throw new Error(`no binary "${key}"; has ${Object.keys(item.binary ?? {}).join(', ')}`);
	return { binary, bytes: await result.binaryBuffer(binary) };
}

describe('Image → Generate', () => {
	test.each([
		['gpt-image-2', {}, 'png'],
		['nano-banana-2', { resolution: '2K' }, 'png'],
		['nano-banana-pro', { resolution: '4K' }, 'jpeg'],
		['google/nano-banana', {}, 'jpeg'],
	])('%s: the finished image arrives as binary data that decodes, with the task fields', async (model, extra, format) => {
		const result = await run(imageParams({ model, ...extra }));
		expect(result.error).toBeUndefined();
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({
			taskId: expect.stringMatching(/^tsk_/),
			type: 'image',
			model,
			status: 1,
			state: 'completed',
			creditsRefunded: false,
			errorCode: null,
			imageUrls: [expect.stringContaining(sim.fileUrl)],
		});
		expect(item.json.creditsUsed).toBe(item.json.estimatedCredits);
		expect(typeof item.json.waitedMs).toBe('number');
		expect(Date.parse(item.json.completedAt as string)).toBeGreaterThanOrEqual(Date.parse(item.json.submittedAt as string));

		const { binary, bytes } = await bytesOf(result, item, 'image');
		const served = await fetch((item.json.imageUrls as string[])[0]).then(async (r) => Buffer.from(await r.arrayBuffer()));
		expect(bytes.equals(served)).toBe(true);
		const decoded = decodeImage(bytes);
		expect(decoded.format).toBe(format);
		expect(decoded.width).toBeGreaterThan(0);
		expect(binary.mimeType).toBe(format === 'png' ? 'image/png' : 'image/jpeg');
		expect(binary.fileExtension).toBe(format === 'png' ? 'png' : 'jpg');
		expect(binary.fileName).toBe(`${item.json.taskId}.${binary.fileExtension}`);
		expect(binary.bytes ?? bytes.length).toBe(bytes.length);
	});

	test('the request body follows the API doc: edit when reference images are given', async () => {
		const urls = ['https://example.com/a.png', 'https://example.com/b.png'];
		await run(imageParams({ model: 'nano-banana-2', resolution: '4K', aspectRatio: '16:9', imageUrls: urls, options: { providerInput: '{"seed": 7}' } }));
		const [submit] = sim.requestsTo('api', 'POST', '/api/ai/image/generate');
		expect(submit.body).toEqual({
			model: 'nano-banana-2',
			prompt: 'A ceramic mug on a walnut table',
			aspectRatio: '16:9',
			resolution: '4K',
			inputImageUrls: urls,
			providerInput: { seed: 7 },
		});
	});

	test('without reference images the body has no inputImageUrls (a text-to-image request)', async () => {
		await run(imageParams());
		const [submit] = sim.requestsTo('api', 'POST', '/api/ai/image/generate');
		expect(submit.body).toEqual({ model: 'gpt-image-2', prompt: 'A ceramic mug on a walnut table', aspectRatio: 'auto' });
	});

	test('several result images become image_0, image_1 … (or a custom prefix), each distinct', async () => {
		sim.configure({ imageCount: 3 });
		const result = await run(imageParams({ options: { binaryPropertyName: 'photo' } }));
		const [item] = result.output(NODE_NAME);
		expect(Object.keys(item.binary ?? {})).toEqual(['photo_0', 'photo_1', 'photo_2']);
		const files = await Promise.all(['photo_0', 'photo_1', 'photo_2'].map(async (k) => (await bytesOf(result, item, k)).bytes));
		files.forEach((bytes) => expect(decodeImage(bytes).format).toBe('png'));
		expect(new Set(files.map((b) => b.toString('base64'))).size).toBe(3);
		expect(item.binary!.photo_1.fileName).toBe(`${item.json.taskId}_1.png`);
	});

	test('the key goes only to the API host: result files are fetched without Authorization', async () => {
		await run(imageParams(), [{}, {}]);
		const files = sim.requestsTo('files');
		expect(files).toHaveLength(2);
		files.forEach((request) => expect(request.hadAuthorization).toBe(false));
		expect(sim.fileServerSawKey(sim.defaultKey)).toBe(false);
		sim.requestsTo('api').forEach((request) => expect(request.hadAuthorization).toBe(true));
	});

	test('both documented snapshot shapes give the same output shape', async () => {
		const outputs = [];
		for (const shape of ['reference', 'quickstart'] as const) {
			sim.setSnapshotShape(shape);
			const result = await run(imageParams());
			const [item] = result.output(NODE_NAME);
			expect(item.binary?.image).toBeDefined();
			outputs.push(item.json);
		}
		expect(Object.keys(outputs[0]).sort()).toEqual(Object.keys(outputs[1]).sort());
		for (const json of outputs) {
			expect(json).toMatchObject({ state: 'completed', status: 1, imageUrls: [expect.any(String)], completedAt: expect.any(String) });
		}
	});

	test('one output item per input item, in order, each paired with its input', async () => {
		sim.configure({ outcome: ({ seq }) => ({ latencyMs: seq % 2 ? 1_500 : 100 }) });
		const prompts = ['first', 'second', 'third', 'fourth'];
		const result = await run(imageParams({ prompt: '={{ $json.p }}' }), prompts.map((p) => ({ p })));
		const items = result.output(NODE_NAME);
		expect(items).toHaveLength(4);
		const charges = sim.ledger(sim.defaultKey).charges;
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const charge = charges.find((c) => c.taskId === item.json.taskId);
			expect((charge?.body as { prompt: string }).prompt).toBe(prompts[index]);
		});
	});

	test('Wait for Completion off: the task ID and its charge come out at once, no polling', async () => {
		sim.configure({ latencyMs: 60_000 });
		const result = await run(imageParams({ waitForCompletion: false }));
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ taskId: expect.stringMatching(/^tsk_/), state: 'pending', status: 0, creditsUsed: 3, estimatedCredits: 3 });
		expect(item.binary).toBeUndefined();
		expect(sim.requestsTo('api', 'GET')).toHaveLength(0);
	});

	test('Download Results off: URLs only, the file host is never contacted', async () => {
		const result = await run(imageParams({ options: { download: false } }));
		const [item] = result.output(NODE_NAME);
		expect(item.json.state).toBe('completed');
		expect(item.binary).toBeUndefined();
		expect(sim.requestsTo('files')).toHaveLength(0);
	});
});
