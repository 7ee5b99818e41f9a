import { mp4BoxTypes } from '../engine/media';
import type { PollHarness } from '../engine/poll';
import { useSimulator } from '../engine/simulator-fixture';
import type { SimulatorHandle } from '../simulator';
import { emittedIds, expectNoKey, expectRealImage, harness as harnessFor, newAccount, scriptedOutcomes, sleep } from './helpers';

const fixture = useSimulator({ latencyMs: 200 }, scriptedOutcomes);
let sim: SimulatorHandle;
/** Each test bills its own account, so the ledger shows exactly that test's charges. */
let key: string;
beforeEach(() => {
	sim = fixture.sim;
	key = newAccount(sim);
});
const harness = async (_sim: SimulatorHandle, parameters: object) => await harnessFor(sim, parameters, key);

const generate = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
	source: 'newGeneration',
	resource: 'image',
	model: 'gpt-image-2',
	prompt: 'A lighthouse at dusk',
	options,
	...extra,
});
const inFlight = (h: PollHarness) => Object.keys((h.nodeStaticData() as { inFlight: object }).inFlight);
const charges = () => sim.ledger(key).charges;
const running = () => sim.tasks().filter((task) => task.accountKey === key && task.status === 0).length;

describe('New Generation Each Poll', () => {
	test('one task per poll, emitted once when finished; Max Tasks in Flight 1 holds; one charge per task; {{ $now }} works', async () => {
		const h = await harness(sim, generate({ prompt: '={{ "poster latency=2500 at " + $now.toMillis() }}' }));
		let maxRunning = 0;
		for (let poll = 0; poll < 11 && h.emitted().length < 2; poll++) {
			const outcome = await h.poll();
			expect(outcome.error).toBeUndefined();
			expect(outcome.durationMs).toBeLessThan(1_500); // no worker is held while a task renders
			maxRunning = Math.max(maxRunning, running());
			await sleep(1_000);
		}
		expect(maxRunning).toBe(1);
		const emitted = emittedIds(h.emitted());
		expect(emitted).toHaveLength(2);
		expect(h.outcomes.length).toBeGreaterThanOrEqual(6); // several polls found the task still running
		expect(new Set(emitted).size).toBe(emitted.length);
		// Every charge is a task that was either emitted or is still remembered in flight.
		const charged = charges().map((charge) => charge.taskId);
		expect(charged.sort()).toEqual([...emitted, ...inFlight(h)].sort());
		expect(inFlight(h)).toHaveLength(1);
		// The prompt expression is evaluated on each poll.
		const prompts = charges().map((charge) => (charge.body as { prompt: string }).prompt);
		prompts.forEach((prompt) => expect(prompt).toMatch(/^poster latency=2500 at \d{13}$/));
		expect(new Set(prompts).size).toBe(prompts.length);
		for (const item of h.emitted()) {
			expect(item.json).toMatchObject({ state: 'completed', type: 'image', model: 'gpt-image-2', creditsUsed: 3, estimatedCredits: 3 });
			expect(Date.parse(item.json.submittedAt as string)).toBeLessThan(Date.parse(item.json.completedAt as string));
			await expectRealImage(h, item);
		}
		expectNoKey(sim, h, key);
	});

	test('Max Tasks in Flight 3: never more than 3 running; room frees up as tasks finish', async () => {
		const h = await harness(sim, generate({ prompt: 'never finishes' }, { maxInFlight: 3 }));
		for (let poll = 0; poll < 5; poll++) expect((await h.poll()).error).toBeUndefined();
		expect(charges()).toHaveLength(3);
		expect(inFlight(h)).toHaveLength(3);
		inFlight(h).forEach((taskId) => sim.settleTask(taskId));
		await sleep(2_050);
		const outcome = await h.poll();
		expect(outcome.items).toHaveLength(3);
		expect(charges()).toHaveLength(4); // the freed room is used by exactly one new task
		expect(inFlight(h)).toHaveLength(1);
	});

	test('the credit cap and the catalog are checked before sending: nothing is charged', async () => {
		const overCap = await harness(sim, generate({ model: 'nano-banana-pro', resolution: '4K' }, { maxCreditsPerItem: 10 }));
		const refused = await overCap.poll();
		expect(refused.error?.message).toBe('Max Credits per Item: this image would cost 20 credits, over the cap of 10; nothing was submitted');
		const empty = await harness(sim, generate({ prompt: '' }));
		expect((await empty.poll()).error?.message).toMatch(/^Prompt: is empty/);
		const kling = await harness(sim, generate({ resource: 'video', model: 'kling/v2-1-pro', prompt: 'x', duration: 5 }));
		expect((await kling.poll()).error?.message).toMatch(/^Image URL: is required/);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(0);
		expect(charges()).toHaveLength(0);

		const atCap = await harness(sim, generate({ model: 'nano-banana-pro', resolution: '4K' }, { maxCreditsPerItem: 20 }));
		expect((await atCap.poll()).error).toBeUndefined();
		expect(charges().map((charge) => charge.credits)).toEqual([20]);
	});

	test('video: the MP4 arrives as binary (custom prefix) with the same body the action node sends', async () => {
		const h = await harness(
			sim,
			generate({ resource: 'video', model: 'bytedance/seedance-1.5-pro', prompt: 'a dolly shot latency=300', duration: 5, resolution: '1080p', aspectRatio: '9:16' }, { binaryPropertyName: 'clip' }),
		);
		await h.poll();
		await sleep(2_050);
		const [item] = (await h.poll()).items ?? [];
		expect(item.json).toMatchObject({ type: 'video', model: 'bytedance/seedance-1.5-pro', creditsUsed: 27, estimatedCredits: 27, videoUrl: expect.any(String) });
		expect(item.binary!.clip).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(item.json.taskId)}.mp4` });
		expect(mp4BoxTypes(await h.binaryBuffer(item.binary!.clip))).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
		expect(sim.requestsTo('api', 'POST', '/api/ai/video/generate')[0].body).toEqual({
			model: 'bytedance/seedance-1.5-pro',
			prompt: 'a dolly shot latency=300',
			inputMode: 'text_to_video',
			duration: 5,
			resolution: '1080p',
			aspectRatio: '9:16',
		});
	});

	test('a restart between polls keeps the task in flight: it is emitted once, and charged once', async () => {
		const h = await harness(sim, generate({ prompt: 'latency=300' }));
		await h.poll(); // submits A
		await sleep(2_050);
		const second = await h.poll(); // emits A, submits B — both saved with the execution
		expect(second.items).toHaveLength(1);
		const [b] = inFlight(h);
		expect(JSON.stringify(h.saved)).toContain(b);

		h.restart('saved');
		await sleep(2_050);
		const third = await h.poll();
		expect(emittedIds(third.items ?? [])).toEqual([b]);
		expect(new Set(emittedIds(h.emitted())).size).toBe(2);
		expect(charges()).toHaveLength(3); // A, B, and C now in flight
		expectNoKey(sim, h, key);
	});

	test('submission hiccups: 503s are retried in the poll (one charge); a lost answer is reported, never resubmitted', async () => {
		sim.faults.add({ server: 'api', method: 'POST', times: 2, action: { status: 503 } });
		const h = await harness(sim, generate({ prompt: 'latency=300' }));
		expect((await h.poll()).error).toBeUndefined();
		expect(sim.requestsTo('api', 'POST')).toHaveLength(3);
		expect(charges()).toHaveLength(1);

		const other = await harness(sim, generate({ prompt: 'latency=300' }));
		sim.faults.add({ server: 'api', method: 'POST', times: 1, action: { dropAfterAccept: true } });
		const lost = await other.poll();
		expect(lost.error?.message).toMatch(/after the request was sent/);
		expect((lost.error as { description?: string }).description).toMatch(/NOT submitted again/);
		expect(charges()).toHaveLength(2);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(4);
	});

	test('failed generations: skipped and logged, or emitted with Include Failed Tasks', async () => {
		const failing = { prompt: 'fail=PROVIDER_CONTENT_POLICY latency=100' };
		const skipping = await harness(sim, generate(failing, { maxInFlight: 1 }));
		await skipping.poll();
		await sleep(2_050);
		expect((await skipping.poll()).items).toBeNull();
		expect(skipping.logs.some((line) => line.level === 'info' && /failed: PROVIDER_CONTENT_POLICY.*skipped/.test(line.message))).toBe(true);

		const including = await harness(sim, generate(failing, { includeFailed: true }));
		await including.poll();
		await sleep(2_050);
		const [item] = (await including.poll()).items ?? [];
		expect(item.json).toMatchObject({ state: 'failed', errorCode: 'PROVIDER_CONTENT_POLICY', errorMessage: 'scripted PROVIDER_CONTENT_POLICY', creditsRefunded: true });
		expect(item.binary).toBeUndefined();
		await sleep(150);
		expect(charges().length).toBeGreaterThanOrEqual(2);
		expect(charges().every((charge) => charge.refunded)).toBe(true); // failed tasks are refunded by the API
	});
});
