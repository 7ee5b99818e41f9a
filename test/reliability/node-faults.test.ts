/**
 * The action node under the simulator's faults: what the user sees, what the ledger charged,
 * and that no task that was charged goes missing from the output.
 */
import { useSimulator } from '../engine/simulator-fixture';
import { NODE_NAME } from '../engine/workflows';
import type { FaultSpec, SimulatorHandle } from '../simulator';

const fixture = useSimulator();
const run = fixture.runNode;
let sim: SimulatorHandle;
beforeEach(() => (sim = fixture.sim));

const image = (extra: Record<string, unknown> = {}) => ({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: 'a lighthouse', ...extra });
const charges = () => sim.ledger(sim.defaultKey).charges;
const submitFault = (action: FaultSpec['action'], times = 1): FaultSpec => ({ server: 'api', method: 'POST', path: '/api/ai/', times, action });
const pollFault = (action: FaultSpec['action'], times = 1): FaultSpec => ({ server: 'api', method: 'GET', path: '/api/ai/tasks/', times, action });
const fileFault = (action: FaultSpec['action'], times = 1): FaultSpec => ({ server: 'files', times, action });

describe('submit: answers that mean "not accepted" are retried, once charged is never repeated', () => {
	test.each([
		['500', { status: 500 }],
		['502', { status: 502 }],
		['503', { status: 503 }],
		['429 without Retry-After', { status: 429 }],
	])('%s, then success: one task, one charge', async (_name, action) => {
		const before = charges().length;
		sim.faults.add(submitFault(action as FaultSpec['action']));
		const result = await run(image());
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME)[0].json.state).toBe('completed');
		expect(sim.requestsTo('api', 'POST')).toHaveLength(2);
		expect(charges().length - before).toBe(1);
	});

	test('429 with Retry-After: the retry waits as long as asked', async () => {
		sim.faults.add(submitFault({ status: 429, retryAfterSeconds: 3 }));
		const result = await run(image({ waitForCompletion: false }));
		expect(result.error).toBeUndefined();
		const [first, second] = sim.requestsTo('api', 'POST');
		expect(second.at - first.at).toBeGreaterThanOrEqual(2_900);
	});

	test('a 5xx storm that never ends gives up with the API’s answer, having charged nothing', async () => {
		const before = charges().length;
		sim.faults.add(submitFault({ status: 503 }, 10));
		const result = await run(image());
		expect(result.error?.message).toMatch(/The API answered 503/);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(4);
		expect(charges().length).toBe(before);
	});

	test('connection dropped after the API took the task: not resubmitted, the user is told it may be charged', async () => {
		const before = charges().length;
		sim.faults.add(submitFault({ dropAfterAccept: true }));
		const result = await run(image());
		expect(result.error?.message).toMatch(/after the request was sent/);
		expect(result.error?.description).toMatch(/NOT submitted again/);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(1);
		expect(charges().length - before).toBe(1);
	});

	test('response timeout on submit: reported with guidance, never repeated', async () => {
		sim.faults.add(submitFault({ delayMs: 3_000 }));
		const result = await run(image({ options: { timeoutSeconds: 1 } }));
		expect(result.error?.message).toMatch(/No answer from the API within 1 s after the request was sent/);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(1);
	});

	test('malformed JSON after the task was created: one charge, no resubmit, a clear warning', async () => {
		const before = charges().length;
		sim.faults.add(submitFault({ malformedJson: true }));
		const result = await run(image());
		expect(result.error?.message).toMatch(/task ID is unknown/);
		expect(result.error?.description).toMatch(/may have created and charged a task/);
		expect(charges().length - before).toBe(1);
	});

	test('401 and 402 are not retried; 402 shows the credits required and charges nothing', async () => {
		sim.faults.add(submitFault({ status: 401, body: { error: 'Unauthorized' } }));
		let result = await run(image());
		expect(result.error?.message).toMatch(/API key was rejected \(401/);
		expect(result.error?.message).not.toContain(sim.defaultKey);

		sim.setBalance(sim.defaultKey, 2);
		const before = charges().length;
		result = await run(image({ model: 'nano-banana-pro', resolution: '4K' }));
		expect(result.error?.message).toMatch(/Not enough credits: this task needs 20 credits \(nothing was charged\)/);
		expect(charges().length).toBe(before);
		sim.setBalance(sim.defaultKey, 100_000);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(2);
	});

	test('a 400 the API finds names each field as the editor shows it', async () => {
		sim.faults.add(
			submitFault({
				status: 400,
				body: { error: 'Invalid request', details: { formErrors: [], fieldErrors: { prompt: ['Prompt is not allowed'], aspectRatio: ['Unsupported ratio'] } } },
			}),
		);
		const result = await run(image());
		expect(result.error?.message).toMatch(/Prompt: Prompt is not allowed · Aspect Ratio: Unsupported ratio/);
	});
});

describe('waiting: a GET is safe to repeat, so faults while polling are waited out', () => {
	test.each([
		['500s', { status: 500 }, 2],
		['a 429 with Retry-After', { status: 429, retryAfterSeconds: 1 }, 1],
		['dropped connections', { drop: true }, 2],
		['malformed JSON', { malformedJson: true }, 1],
	])('%s while polling: the task still completes with its file', async (_name, action, times) => {
		sim.faults.add(pollFault(action as FaultSpec['action'], times as number));
		const result = await run(image());
		expect(result.error).toBeUndefined();
		const [item] = result.output(NODE_NAME);
		expect(item.json.state).toBe('completed');
		expect(item.binary?.image).toBeDefined();
	});

	test('snapshot drift (an extra field, a missing optional field) is tolerated', async () => {
		sim.faults.add(pollFault({ extraFields: { newField: { nested: true } }, omitFields: ['updatedAt', 'prompt'] }, 5));
		const result = await run(image());
		const [item] = result.output(NODE_NAME);
		expect(item.json.state).toBe('completed');
		expect(item.json).not.toHaveProperty('newField');
		expect(item.binary?.image).toBeDefined();
	});

	test('an API that stays down until Max Wait: the item is pending with its task ID and the last problem', async () => {
		sim.faults.add(pollFault({ status: 503 }, 100));
		const result = await run(image({ options: { maxWaitSeconds: 3 } }));
		expect(result.error).toBeUndefined();
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ state: 'pending', taskId: expect.stringMatching(/^tsk_/), lastProblem: expect.stringContaining('503') });
	});
});

describe('tasks that fail or never finish', () => {
	test.each(['EMPTY_RESULT', 'STORAGE_ERROR', 'PROVIDER_TIMEOUT'])('%s: shown with the refund, credits given back', async (code) => {
		sim.configure({ outcome: () => ({ fail: { code, message: `${code} happened` } }) });
		const before = sim.ledger(sim.defaultKey).balance;
		const result = await run(image(), [{}], true);
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ state: 'failed', errorCode: code, creditsRefunded: true, taskId: expect.stringMatching(/^tsk_/) });
		expect(sim.ledger(sim.defaultKey).balance).toBe(before);
	});
});

describe('downloads', () => {
	test('a failing then working file host: retried with backoff, the file arrives', async () => {
		sim.faults.add(fileFault({ status: 503 }, 2));
		const result = await run(image());
		expect(result.output(NODE_NAME)[0].binary?.image).toBeDefined();
		expect(sim.requestsTo('files')).toHaveLength(3);
	});

	test('a truncated body is detected and fetched again', async () => {
		sim.faults.add(fileFault({ truncate: true }));
		const result = await run(image());
		const [item] = result.output(NODE_NAME);
		const bytes = await result.binaryBuffer(item.binary!.image);
		const served = Buffer.from(await (await fetch((item.json.imageUrls as string[])[0])).arrayBuffer());
		expect(bytes.equals(served)).toBe(true);
		expect(sim.requestsTo('files').length).toBeGreaterThanOrEqual(2);
	});

	test('a file that never downloads: the item keeps its task ID and URLs (Continue On Fail)', async () => {
		sim.faults.add(fileFault({ status: 500 }, 10));
		const result = await run(image(), [{}], true);
		const [item] = result.output(NODE_NAME);
		expect(item.json).toMatchObject({ state: 'completed', taskId: expect.stringMatching(/^tsk_/), imageUrls: [expect.any(String)] });
		expect(item.json.error).toMatch(/Could not download .* \(task tsk_\w+ finished; its URLs are in the item\)/);
		expect(sim.requestsTo('files')).toHaveLength(3);
	});

	test('a file over Max File Size is not downloaded; the error says why and keeps the task', async () => {
		sim.setLargeVideoMb(3);
		const result = await run({ resource: 'video', operation: 'generate', model: 'veo3_lite', prompt: 'waves', options: { maxFileSizeMb: 1 } }, [{}], true);
		sim.setLargeVideoMb(undefined);
		const [item] = result.output(NODE_NAME);
		expect(item.json.error).toMatch(/over the 1 MB limit/);
		expect(item.json.videoUrl).toEqual(expect.stringContaining(sim.fileUrl));
	});

	test('a slow file host still delivers the whole file', async () => {
		sim.configure({ slowFilesBytesPerSec: 20_000 });
		const result = await run(image());
		sim.configure({ slowFilesBytesPerSec: undefined });
		expect(result.output(NODE_NAME)[0].binary?.image?.bytes).toBeGreaterThan(1_000);
	});
});

describe('scale under a rate-limit storm', () => {
	test('500 items while the API answers 429 to 300 requests: every item finishes, one charge each, right file for each', async () => {
		sim.configure({ latencyMs: 500 });
		sim.faults.add({ server: 'api', times: 300, action: { status: 429, retryAfterSeconds: 1 } });
		const items = Array.from({ length: 500 }, (_, i) => ({ i }));
		const before = charges().length;
		const result = await run(image({ prompt: '={{ "storm item " + $json.i }}', options: { concurrency: 10 } }), items);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE_NAME);
		expect(out).toHaveLength(500);
		const newCharges = charges().slice(before);
		expect(newCharges).toHaveLength(500);
		const promptByTask = new Map(newCharges.map((c) => [c.taskId, (c.body as { prompt: string }).prompt]));
		out.forEach((item, i) => {
			expect(item.json.state).toBe('completed');
			expect(promptByTask.get(item.json.taskId as string)).toBe(`storm item ${i}`);
			expect(item.binary?.image?.fileName).toBe(`${item.json.taskId}.png`);
		});
		expect(sim.faults.pending()).toHaveLength(0);
	}, 180_000);
});
