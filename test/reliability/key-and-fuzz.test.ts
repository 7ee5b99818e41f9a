/**
 * Hostile input never reaches the API, and the API key never leaves the API host — whatever
 * happens during a run.
 */
import { useSimulator } from '../engine/simulator-fixture';
import { NODE_NAME } from '../engine/workflows';
import type { FaultSpec } from '../simulator';

const fixture = useSimulator();
const image = (extra: Record<string, unknown> = {}) => ({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: 'ok', ...extra });
const video = (extra: Record<string, unknown> = {}) => ({ resource: 'video', operation: 'generate', model: 'veo3_fast', prompt: 'ok', ...extra });

const unicodeHeavy = '🦄✨'.repeat(12_000); // 48 000 UTF-16 units: over every cap
const fuzz: Array<[string, Record<string, unknown>, string]> = [
	['empty prompt', image({ prompt: '={{ "" }}' }), 'Prompt'],
	['whitespace-only prompt', image({ prompt: '={{ "  \\n\\t " }}' }), 'Prompt'],
	['100 000-character prompt', image({ prompt: '={{ "x".repeat(100000) }}' }), 'Prompt'],
	['100 000-character video prompt', video({ prompt: '={{ "x".repeat(100000) }}' }), 'Prompt'],
	['unicode-heavy prompt over the cap', image({ model: 'google/nano-banana', prompt: unicodeHeavy }), 'Prompt'],
	['prompt from a number', image({ prompt: '={{ 12345 }}' }), 'Prompt'],
	['prompt from an array', image({ prompt: '={{ ["a", "b"] }}' }), 'Prompt'],
	['prompt from null', image({ prompt: '={{ null }}' }), 'Prompt'],
	['prompt from an object', image({ prompt: '={{ { a: 1 } }}' }), 'Prompt'],
	['file: URL', image({ imageUrls: ['file:///etc/passwd'] }), 'Reference Image URLs'],
	['javascript: URL', image({ imageUrls: ['javascript:alert(1)'] }), 'Reference Image URLs'],
	['data: URL', image({ imageUrls: ['data:image/png;base64,AAAA'] }), 'Reference Image URLs'],
	['relative URL', image({ imageUrls: ['/images/a.png'] }), 'Reference Image URLs'],
	['URL from a number', image({ imageUrls: '={{ 42 }}' }), 'Reference Image URLs'],
	['URL list with null', image({ imageUrls: '={{ ["https://a.example/x.png", null] }}' }), 'Reference Image URLs'],
	['image URL with spaces only', video({ inputMode: 'image_to_video', imageUrl: '={{ "   " }}' }), 'Image URL'],
	['two image URLs for one video', video({ inputMode: 'image_to_video', imageUrl: '={{ ["https://a.example/1.png", "https://a.example/2.png"] }}' }), 'Image URL'],
	['duration as text', video({ model: 'kling/v2-1-master-text-to-video', duration: '={{ "five" }}' }), 'Duration'],
	['duration as an array', video({ model: 'kling/v2-1-master-text-to-video', duration: '={{ [5] }}' }), 'Duration'],
	['provider input: array', image({ options: { providerInput: '[1, 2]' } }), 'Provider Input'],
	['provider input: null', image({ options: { providerInput: 'null' } }), 'Provider Input'],
	['provider input: number', image({ options: { providerInput: '7' } }), 'Provider Input'],
	['provider input: broken JSON', image({ options: { providerInput: '{"a": ' } }), 'Provider Input'],
	['unknown model from an expression', image({ model: '={{ "gpt-image-9" }}' }), 'Model'],
	['aspect ratio not offered', image({ aspectRatio: '={{ "7:3" }}' }), 'Aspect Ratio'],
];

describe('fuzzed input: a clear error naming field and item, and no request at all', () => {
	test.each(fuzz)('%s', async (_name, parameters, field) => {
		const { sim } = fixture;
		const balance = sim.ledger(sim.defaultKey).balance;
		const result = await fixture.runNode(parameters, [{}, {}], true);
		expect(result.error).toBeUndefined(); // handled, never an uncaught exception
		const out = result.output(NODE_NAME);
		expect(out).toHaveLength(2);
		for (const [index, item] of out.entries()) {
			expect(String(item.json.error)).toMatch(new RegExp(`^${field}: .*\\[item ${index}\\]$`));
		}
		expect(sim.requests).toEqual([]);
		expect(sim.ledger(sim.defaultKey).balance).toBe(balance);
	});
});

describe('the API key stays secret', () => {
	const scenarios: Array<[string, Record<string, unknown>, FaultSpec[]]> = [
		['success', image(), []],
		['failed task', image({ prompt: 'fail me' }), []],
		['401', image(), [{ server: 'api', method: 'POST', action: { status: 401, body: { error: 'Unauthorized' } } }]],
		['500s then 429', image(), [{ server: 'api', method: 'POST', times: 2, action: { status: 500 } }, { server: 'api', method: 'GET', action: { status: 429 } }]],
		['dropped connection after accept', image(), [{ server: 'api', method: 'POST', action: { dropAfterAccept: true } }]],
		['download failing', image(), [{ server: 'files', times: 5, action: { status: 500 } }]],
		['task not found', { resource: 'task', operation: 'get', taskId: 'tsk_nope' }, []],
	];

	test.each(scenarios)('%s: not in any item, error, description or file-host request', async (_name, parameters, faults) => {
		const { sim } = fixture;
		sim.configure({ outcome: ({ body }) => (body.prompt === 'fail me' ? { fail: { code: 'EMPTY_RESULT', message: 'nothing' } } : {}) });
		faults.forEach((fault) => sim.faults.add(fault));
		for (const continueOnFail of [false, true]) {
			const result = await fixture.runNode(parameters, [{}], continueOnFail);
			const everything = JSON.stringify(result.run) + JSON.stringify(result.error ?? {}) + String(result.error?.description ?? '');
			expect(everything).not.toContain(sim.defaultKey);
		}
		expect(sim.fileServerSawKey(sim.defaultKey)).toBe(false);
		sim.requestsTo('files').forEach((request) => expect(request.hadAuthorization).toBe(false));
	});
});
