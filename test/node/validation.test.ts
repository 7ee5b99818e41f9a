/**
 * Local validation: every bad input the node can detect is refused before anything is sent —
 * the run stops with an error naming the field (as the editor shows it) and the item, no request
 * reaches the API and no credit is charged. Runs the built node in n8n's WorkflowExecute against
 * the simulator.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../engine/engine';
import { NODE_NAME, nodeWorkflow, simCredentials } from '../engine/workflows';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 50 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearLog());

type Params = Record<string, unknown>;

const run = async (parameters: Params, items: object[] = [{}], continueOnFail = false) =>
	await runWorkflow(nodeWorkflow(parameters as never, items, { continueOnFail }), {
		credentials: simCredentials(sim.baseUrl, sim.defaultKey),
	});

const image = (extra: Params = {}): Params => ({
	resource: 'image',
	operation: 'generate',
	model: 'gpt-image-2',
	prompt: 'A ceramic mug on a walnut table',
	waitForCompletion: false,
	...extra,
});

const video = (extra: Params = {}): Params => ({
	resource: 'video',
	operation: 'generate',
	model: 'kling/v2-1-master-text-to-video',
	prompt: 'A slow dolly shot through a sunlit greenhouse',
	duration: 5,
	waitForCompletion: false,
	...extra,
});

const URL_OK = 'https://example.com/photo.png';
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/ref-${i}.png`);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The field's name as a whole phrase ("Image URL" must not match inside "Reference Image URLs"). */
const names = (field: string) => new RegExp(`(^|[^A-Za-z])${escape(field)}([^A-Za-z]|$)`);

/**
 * Runs the workflow and asserts it was refused for `field` of item `item`, with nothing sent and
 * nothing charged. Returns the error message for further checks.
 */
async function expectRefused(field: string, parameters: Params, items: object[] = [{}], item = 0): Promise<string> {
	const before = sim.ledger(sim.defaultKey);
	const result = await run(parameters, items);
	const error = result.error as (Error & { description?: string }) | undefined;
	expect(error).toBeDefined();
	// n8n's declarative RoutingNode re-wraps what the node throws; either node error type is shown the same way.
	expect(['NodeOperationError', 'NodeApiError']).toContain(error!.name);
	expect(error!.message).toMatch(names(field));
	expect(error!.message).toContain(`[item ${item}]`);
	expect(error!.description).toMatch(/nothing was sent/i);
	expect(sim.requestsTo('api')).toEqual([]);
	expect(sim.ledger(sim.defaultKey)).toEqual(before);
	return error!.message;
}

describe('Prompt', () => {
	test('empty (from an expression) is refused', async () => {
		await expectRefused('Prompt', image({ prompt: '={{ $json.p }}' }), [{ p: '' }]);
	});

	test('whitespace-only is refused', async () => {
		await expectRefused('Prompt', image({ prompt: '   \n\t ' }));
	});

	test('left empty in the editor: n8n itself refuses the run (required field), nothing is sent', async () => {
		const before = sim.ledger(sim.defaultKey);
		await expect(run(image({ prompt: '' }))).rejects.toThrow(/Prompt/);
		expect(sim.requestsTo('api')).toEqual([]);
		expect(sim.ledger(sim.defaultKey)).toEqual(before);
	});

	test.each([
		['number', '={{ 42 }}'],
		['list', '={{ ["a red cat"] }}'],
		['null', '={{ null }}'],
	])('an expression giving %s is refused and the message says what it got', async (what, prompt) => {
		const message = await expectRefused('Prompt', image({ prompt }));
		expect(message).toContain(what);
	});

	// Caps from the doc: gpt-image-2 and nano-banana-2 20 000, nano-banana-pro 10 000, google/nano-banana 5 000.
	const CAPS: Array<[string, number, Params]> = [
		['gpt-image-2', 20_000, {}],
		['nano-banana-2', 20_000, { resolution: '1K' }],
		['nano-banana-pro', 10_000, { resolution: '2K' }],
		['google/nano-banana', 5_000, {}],
	];

	test('a prompt of exactly the model cap is accepted and sent whole (all four image models, one run)', async () => {
		const before = sim.ledger(sim.defaultKey).charges.length;
		const items = CAPS.map(([model, cap, extra]) => ({ model, p: 'x'.repeat(cap), resolution: extra.resolution }));
		const result = await run(
			image({ model: '={{ $json.model }}', prompt: '={{ $json.p }}', resolution: '={{ $json.resolution }}' }),
			items,
		);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		expect(out).toHaveLength(4);
		const charges = sim.ledger(sim.defaultKey).charges.slice(before);
		expect(charges).toHaveLength(4);
		CAPS.forEach(([model, cap], i) => {
			const charge = charges.find((c) => c.taskId === out[i].json.taskId)!;
			expect(charge.model).toBe(model);
			expect((charge.body as { prompt: string }).prompt).toHaveLength(cap);
		});
	});

	test.each(CAPS)('%s: one character over the cap (%d) is refused, naming both numbers', async (model, cap, extra) => {
		const message = await expectRefused('Prompt', image({ model, prompt: '={{ $json.p }}', ...extra }), [{ p: 'y'.repeat(cap + 1) }]);
		expect(message).toContain((cap + 1).toLocaleString('en-US'));
		expect(message).toContain(cap.toLocaleString('en-US'));
	});
});

describe('Reference Image URLs', () => {
	// Max input images from the doc: gpt-image-2 4, nano-banana-2 14, nano-banana-pro 8, google/nano-banana 10.
	const MAX: Array<[string, number]> = [
		['gpt-image-2', 4],
		['nano-banana-2', 14],
		['nano-banana-pro', 8],
		['google/nano-banana', 10],
	];

	test('exactly the maximum is accepted and all are sent (all four models, one run)', async () => {
		const before = sim.ledger(sim.defaultKey).charges.length;
		const result = await run(
			image({ model: '={{ $json.model }}', imageUrls: '={{ $json.urls }}' }),
			MAX.map(([model, max]) => ({ model, urls: urls(max) })),
		);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		const charges = sim.ledger(sim.defaultKey).charges.slice(before);
		expect(charges).toHaveLength(4);
		MAX.forEach(([model, max], i) => {
			const charge = charges.find((c) => c.taskId === out[i].json.taskId)!;
			expect(charge.model).toBe(model);
			expect((charge.body as { inputImageUrls: string[] }).inputImageUrls).toEqual(urls(max));
		});
	});

	test.each(MAX)('%s: one more than %d is refused', async (model, max) => {
		const message = await expectRefused('Reference Image URLs', image({ model, imageUrls: urls(max + 1) }));
		expect(message).toContain(String(max + 1));
		expect(message).toContain(String(max));
	});

	test.each([['ftp://example.com/a.png'], ['javascript:alert(1)'], ['not a url']])('"%s" is refused', async (bad) => {
		const message = await expectRefused('Reference Image URLs', image({ imageUrls: [bad] }));
		expect(message).toContain(bad);
	});

	test('a bad URL among good ones is refused and its position is named', async () => {
		const message = await expectRefused('Reference Image URLs', image({ imageUrls: [URL_OK, 'ftp://example.com/b.png'] }));
		expect(message).toContain('#2');
	});
});

describe('Image URL (video)', () => {
	test.each([['ftp://example.com/a.png'], ['javascript:alert(1)'], ['not a url']])('"%s" is refused', async (bad) => {
		await expectRefused('Image URL', video({ model: 'kling/v2-1-standard', imageUrl: bad }));
	});

	test.each([
		['kling/v2-1-standard', {}],
		['wan/2-6-image-to-video', { resolution: '720p' }],
		['hailuo/02-image-to-video-pro', {}],
		['veo3', { inputMode: 'image_to_video', duration: 8 }],
		['bytedance/seedance-1.5-pro', { inputMode: 'image_to_video', resolution: '720p' }],
	])('%s: image-to-video without an image is refused', async (model, extra) => {
		await expectRefused('Image URL', video({ model, imageUrl: '={{ $json.img }}', ...extra }), [{ img: '' }]);
	});
});

describe('options the model does not offer', () => {
	test.each([
		['kling/v2-1-master-text-to-video', 20, {}],
		['veo3_fast', 5, { inputMode: 'text_to_video' }],
		['sora-2-text-to-video', 15, { resolution: '720p' }],
		['wan/2-6-text-to-video', 20, { resolution: '720p' }],
		['hailuo/02-text-to-video-standard', 8, {}],
	])('%s: Duration %d is refused, listing what is offered', async (model, seconds, extra) => {
		const message = await expectRefused('Duration', video({ model, duration: `={{ ${seconds} }}`, ...extra }));
		expect(message).toContain(String(seconds));
	});

	test.each([
		['image', 'nano-banana-pro', '1K', {}],
		['image', 'nano-banana-2', '8K', {}],
		['video', 'bytedance/seedance-1.5-pro', '4K', { inputMode: 'text_to_video' }],
		['video', 'sora-2-pro-text-to-video', '480p', {}],
	])('%s %s: Resolution "%s" is refused', async (resource, model, resolution, extra) => {
		const params = resource === 'image' ? image({ model }) : video({ model, duration: '={{ $json.d }}' });
		const message = await expectRefused('Resolution', { ...params, resolution: `={{ "${resolution}" }}`, ...extra }, [{ d: 5 }]);
		expect(message).toContain(resolution);
	});

	test('image Aspect Ratio "7:3" is refused', async () => {
		await expectRefused('Aspect Ratio', image({ aspectRatio: '={{ "7:3" }}' }));
	});

	test('video Aspect Ratio "4:3" is refused', async () => {
		await expectRefused('Aspect Ratio', video({ aspectRatio: '={{ "4:3" }}' }));
	});

	test('Input Mode that is not a mode is refused', async () => {
		await expectRefused('Input Mode', video({ model: 'veo3', duration: 8, inputMode: '={{ "sideways" }}', imageUrl: URL_OK }));
	});

	test('an unknown model from an expression is refused', async () => {
		await expectRefused('Model', image({ model: '={{ "dall-e-9" }}' }));
	});
});

describe('Provider Input', () => {
	test.each([
		['an array', '[1, 2]'],
		['a string', '"hello"'],
		['invalid JSON', '{"seed": 42'],
		['a number', '42'],
	])('%s is refused', async (_what, providerInput) => {
		await expectRefused('Provider Input', image({ options: { providerInput } }));
	});

	test('a JSON object is passed through unchanged', async () => {
		const result = await run(image({ options: { providerInput: '{"seed": 42, "style": {"tone": "warm"}}' } }));
		expect(result.error).toBeUndefined();
		const [post] = sim.requestsTo('api', 'POST');
		expect((post.body as { providerInput: unknown }).providerInput).toEqual({ seed: 42, style: { tone: 'warm' } });
	});
});

describe('Max Credits per Item', () => {
	test('an image above the cap is refused; the message gives the estimate and the cap', async () => {
		const message = await expectRefused(
			'Max Credits per Item',
			image({ model: 'nano-banana-pro', resolution: '4K', options: { maxCreditsPerItem: 19 } }),
		);
		expect(message).toMatch(/\b20\b/);
		expect(message).toMatch(/\b19\b/);
	});

	test('a video above the cap is refused; the message gives the estimate and the cap', async () => {
		const message = await expectRefused(
			'Max Credits per Item',
			video({ model: 'sora-2-pro-text-to-video', duration: 20, resolution: '1080p', options: { maxCreditsPerItem: 50 } }),
		);
		expect(message).toMatch(/\b96\b/);
		expect(message).toMatch(/\b50\b/);
	});

	test('a cap from an expression that is negative is refused', async () => {
		await expectRefused('Max Credits per Item', image({ options: { maxCreditsPerItem: '={{ -5 }}' } }));
	});

	test('an estimate equal to the cap is sent', async () => {
		const result = await run(image({ model: 'nano-banana-pro', resolution: '4K', options: { maxCreditsPerItem: 20 } }));
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME)[0].json).toMatchObject({ creditsUsed: 20, estimatedCredits: 20 });
	});
});

describe('Task ID', () => {
	test.each([
		['get', ''],
		['get', 'tsk_1 /../x'],
		['waitForCompletion', '   '],
	])('task → %s with %j is refused', async (operation, id) => {
		await expectRefused('Task ID', { resource: 'task', operation, taskId: '={{ $json.id }}' }, [{ id }]);
	});
});

describe('batches: one bad item', () => {
	const prompts = ['a red cat', 'a blue dog', 'a green frog', '', 'a yellow bird'];
	const items = prompts.map((p) => ({ p }));
	const params = image({ prompt: '={{ $json.p }}', waitForCompletion: true, options: { download: false } });

	test('without Continue On Fail: the run fails naming item 3, and nothing at all is submitted', async () => {
		await expectRefused('Prompt', params, items, 3);
	});

	test('with Continue On Fail: the other items complete, item 3 carries the error, input order kept', async () => {
		const before = sim.ledger(sim.defaultKey).charges.length;
		const result = await run(params, items, true);
		expect(result.error).toBeUndefined();
		const out: INodeExecutionData[] = result.output(NODE_NAME);
		expect(out).toHaveLength(5);
		expect(out.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4]);

		const bad = out[3].json;
		expect(bad.taskId).toBeUndefined();
		expect(String(bad.error)).toMatch(names('Prompt'));
		expect(String(bad.error)).toContain('[item 3]');

		const charges = sim.ledger(sim.defaultKey).charges.slice(before);
		expect(charges).toHaveLength(4);
		for (const i of [0, 1, 2, 4]) {
			expect(out[i].json).toMatchObject({ state: 'completed', creditsUsed: 3, taskId: expect.stringMatching(/\S/) });
			expect(out[i].json.error).toBeUndefined();
			const charge = charges.find((c) => c.taskId === out[i].json.taskId);
			expect((charge?.body as { prompt: string }).prompt).toBe(prompts[i]);
		}
		expect(sim.requestsTo('api', 'POST')).toHaveLength(4);
	});
});

describe('Estimate Only', () => {
	test('every item gets its estimate, the first the total, and nothing is sent', async () => {
		const before = sim.ledger(sim.defaultKey);
		const items = [
			{ model: 'nano-banana-pro', resolution: '4K', expected: 20 },
			{ model: 'nano-banana-2', resolution: '2K', expected: 6 },
			{ model: 'gpt-image-2', expected: 3 },
		];
		const result = await run(
			image({ model: '={{ $json.model }}', resolution: '={{ $json.resolution }}', estimateOnly: true, waitForCompletion: true }),
			items,
		);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		expect(out.map((i) => i.json.estimatedCredits)).toEqual([20, 6, 3]);
		expect(out[0].json.totalEstimatedCredits).toBe(29);
		expect(out[1].json.totalEstimatedCredits).toBeUndefined();
		expect(out[2].json.totalEstimatedCredits).toBeUndefined();
		expect(out.every((i) => i.json.taskId === undefined)).toBe(true);
		expect(sim.requests).toEqual([]);
		expect(sim.ledger(sim.defaultKey)).toEqual(before);
	});

	test('video: estimates per duration and resolution, nothing sent', async () => {
		const result = await run(
			video({
				model: '={{ $json.model }}',
				duration: '={{ $json.d }}',
				resolution: '={{ $json.r }}',
				imageUrl: URL_OK,
				estimateOnly: true,
			}),
			[
				{ model: 'wan/2-6-image-to-video', d: 15, r: '1080p' },
				{ model: 'kling/v2-1-pro', d: 10 },
			],
		);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		expect(out.map((i) => i.json.estimatedCredits)).toEqual([133, 42]);
		expect(out[0].json.totalEstimatedCredits).toBe(175);
		expect(sim.requests).toEqual([]);
	});

	test('an invalid item still fails an estimate-only run, naming it', async () => {
		await expectRefused('Prompt', image({ prompt: '={{ $json.p }}', estimateOnly: true }), [{ p: 'ok' }, { p: ' ' }], 1);
	});
});

