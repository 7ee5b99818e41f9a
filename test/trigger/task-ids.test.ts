import { runWorkflow } from '../engine/engine';
import { PollHarness } from '../engine/poll';
import { NODE_NAME, nodeWorkflow, simCredentials } from '../engine/workflows';
import { useSimulator } from '../engine/simulator-fixture';
import type { SimulatorHandle } from '../simulator';
import {
	emittedIds,
	expectNoKey,
	expectRealImage,
	getsByTask,
	harness,
	minGapMs,
	scriptedOutcomes,
	sleep,
	submitElsewhere,
} from './helpers';

const fixture = useSimulator({ latencyMs: 200 }, scriptedOutcomes);
let sim: SimulatorHandle;
beforeEach(() => (sim = fixture.sim));

const watch = (ids: string[], options: Record<string, unknown> = {}) => ({ source: 'taskIds', taskIds: ids.join(',\n'), options });
const nodeState = (h: PollHarness) => h.nodeStaticData() as { watched: Record<string, unknown>; done: string[]; inFlight: Record<string, unknown> };

describe('Task IDs: exactly once', () => {
	test('10 polls, tasks finishing at different times: each emitted once, as real media, never polled within 2 s', async () => {
		const latencies = [100, 700, 1_500, 2_300, 3_200, 4_000, 5_000];
		const ids = await submitElsewhere(sim, latencies.map((ms) => `a poster, latency=${ms}`));
		const h = await harness(sim, watch(ids));

		for (let poll = 0; poll < 10; poll++) {
			const outcome = await h.poll();
			expect(outcome.error).toBeUndefined();
			await sleep(700);
		}
		for (let extra = 0; extra < 3 && h.emitted().length < ids.length; extra++) {
			await sleep(700); // (a loaded machine may need a poll or two more)
			await h.poll();
		}

		const emitted = emittedIds(h.emitted());
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual([...ids].sort());
		// They really came on different polls, as each finished.
		expect(h.outcomes.filter((outcome) => outcome.items?.length).length).toBeGreaterThanOrEqual(3);
		for (const item of h.emitted()) {
			expect(item.json).toMatchObject({ state: 'completed', status: 1, type: 'image', model: 'gpt-image-2', creditsUsed: 3 });
			const { binary, decoded } = await expectRealImage(h, item);
			expect(decoded.format).toBe('png');
			expect(binary.fileName).toBe(`${String(item.json.taskId)}.png`);
		}
		expect(minGapMs(sim)).toBeGreaterThanOrEqual(2_000);
		// Once emitted, a task is never asked about again.
		const emittedAt = new Map<string, number>();
		h.outcomes.forEach((outcome) =>
			(outcome.items ?? []).forEach((item) => emittedAt.set(item.json.taskId as string, outcome.startedAt + outcome.durationMs)),
		);
		for (const [id, times] of getsByTask(sim)) expect(Math.max(...times)).toBeLessThanOrEqual(emittedAt.get(id)!);
		// The state forgot the tasks: only 16-character hashes remain.
		expect(nodeState(h).watched).toEqual({});
		expect(nodeState(h).done).toHaveLength(ids.length);
		nodeState(h).done.forEach((hash) => expect(hash).toMatch(/^[\w-]{16}$/));
		expectNoKey(sim, h);
	});

	test('after a restart (static data JSON into a new Workflow) nothing is emitted twice or lost', async () => {
		const ids = await submitElsewhere(sim, ['latency=100', 'latency=100', 'latency=1500', 'latency=2000']);
		await sleep(300);
		const h = await harness(sim, watch(ids));
		const first = await h.poll();
		expect(emittedIds(first.items ?? []).sort()).toEqual(ids.slice(0, 2).sort());
		expect(h.saved).toBeDefined();

		// n8n restarts with what it saved at the last emitting poll.
		h.restart('saved');
		for (let poll = 0; poll < 6 && h.emitted().length < ids.length; poll++) {
			await sleep(1_100);
			const outcome = await h.poll();
			expect(outcome.error).toBeUndefined();
		}
		const emitted = emittedIds(h.emitted());
		expect(emitted.sort()).toEqual([...ids].sort());

		// A second restart from the latest saved state: nothing left to emit, nothing re-emitted.
		h.restart('saved');
		expect((await h.poll()).items).toBeNull();
		expect(h.emitted()).toHaveLength(ids.length);
		expectNoKey(sim, h);
	});

	test('a poll that dies between fetching a finished task and returning it marks nothing: the task comes again', async () => {
		const [id] = await submitElsewhere(sim, ['latency=50']);
		await sleep(200);
		const h = await harness(sim, watch([id]));
		sim.faults.add({ server: 'files', action: { delayMs: 1_200 } });
		const running = h.poll();
		while (!sim.requestsTo('files').length) await sleep(20);
		// n8n dies now: the task was fetched and is being downloaded, nothing was returned yet.
		const atCrash = JSON.parse(JSON.stringify(h.workflow.staticData));
		expect(atCrash['node:GPT Image 2 API Trigger'].done).toEqual([]);
		expect(Object.keys(atCrash['node:GPT Image 2 API Trigger'].watched)).toEqual([id]);
		expect(emittedIds((await running).items ?? [])).toEqual([id]); // (in the run that did not die)

		const revived = await PollHarness.create(watch([id]), simCredentials(sim.baseUrl, sim.defaultKey), atCrash);
		await sleep(2_050);
		expect(emittedIds((await revived.poll()).items ?? [])).toEqual([id]);
	});

	test('overlapping polls (the previous one still downloading) do not emit a task twice', async () => {
		const [id] = await submitElsewhere(sim, ['latency=50']);
		await sleep(200);
		sim.faults.add({ server: 'files', action: { delayMs: 1_000 } });
		const h = await harness(sim, watch([id]));
		const slow = h.poll();
		while (!sim.requestsTo('files').length) await sleep(20);
		const overlapping = await h.poll();
		expect(overlapping.items).toBeNull();
		expect(h.logs.some((line) => /previous poll is still running/.test(line.message))).toBe(true);
		expect(emittedIds((await slow).items ?? [])).toEqual([id]);
		expect(JSON.stringify(h.saved)).not.toMatch(/lease/i); // the guard is never persisted
	});

	test('an API outage (timeout, 429, 503s, dropped connections on GET) over several polls loses nothing and doubles nothing', async () => {
		const ids = await submitElsewhere(sim, ['latency=50', 'latency=50', 'latency=50', 'latency=50', 'latency=50']);
		await sleep(200);
		const tasks = '/api/ai/tasks/';
		sim.faults.add({ server: 'api', method: 'GET', path: tasks, times: 1, action: { delayMs: 1_500 } }); // > Request Timeout
		sim.faults.add({ server: 'api', method: 'GET', path: tasks, times: 1, action: { status: 429, retryAfterSeconds: 1 } });
		sim.faults.add({ server: 'api', method: 'GET', path: tasks, times: 5, action: { status: 503 } });
		sim.faults.add({ server: 'api', method: 'GET', path: tasks, times: 4, action: { drop: true } });
		const h = await harness(sim, watch(ids, { timeoutSeconds: 1 }));

		for (let poll = 0; poll < 7 && h.emitted().length < ids.length; poll++) {
			const outcome = await h.poll();
			expect(outcome.error).toBeUndefined(); // a transient problem is never an error
			await sleep(poll % 2 ? 1_300 : 800); // quick polls in between must not poll any task early
		}
		expect(sim.faults.pending()).toEqual([]);
		expect(h.outcomes.slice(0, 2).every((outcome) => outcome.items === null)).toBe(true);
		const emitted = emittedIds(h.emitted());
		expect(emitted.sort()).toEqual([...ids].sort());
		expect(minGapMs(sim)).toBeGreaterThanOrEqual(2_000);
		expect(h.logs.some((line) => line.level === 'warn' && /retried on the next poll/.test(line.message))).toBe(true);
		expectNoKey(sim, h);
	});
});

describe('Task IDs: scale and cadence', () => {
	test('200 watched IDs are handled in one poll, each polled once', async () => {
		sim.configure({ latencyMs: 0, outcome: undefined });
		const ids = await submitElsewhere(sim, Array.from({ length: 200 }, (_, i) => `bulk ${i}`));
		sim.clearLog();
		const h = await harness(sim, watch(ids, { concurrency: 10 }));
		const outcome = await h.poll();
		expect(outcome.error).toBeUndefined();
		expect(new Set(emittedIds(outcome.items ?? [])).size).toBe(200);
		expect(sim.requestsTo('api', 'GET')).toHaveLength(200);
		expect(sim.requestsTo('files')).toHaveLength(200);
		expect((await h.poll()).items).toBeNull();
		expect(sim.requestsTo('api', 'GET')).toHaveLength(200); // emitted tasks are not asked about again
		expect(JSON.stringify(h.saved).length).toBeLessThan(6_000);
	});

	test('200 running tasks over quick successive polls: no task is asked for twice within 2 s', async () => {
		const ids = await submitElsewhere(sim, Array.from({ length: 200 }, (_, i) => `never ${i}`));
		sim.clearLog();
		const h = await harness(sim, watch(ids, { concurrency: 20 }));
		expect((await h.poll()).error).toBeUndefined();
		const firstDone = Date.now();
		expect(sim.requestsTo('api', 'GET')).toHaveLength(200);
		for (let poll = 0; poll < 2; poll++) expect((await h.poll()).error).toBeUndefined();
		// Quick successive polls ask for nothing: every task was looked at less than 2 s ago.
		if (Date.now() - firstDone < 1_500) expect(sim.requestsTo('api', 'GET')).toHaveLength(200);
		await sleep(Math.max(0, firstDone + 2_100 - Date.now()));
		await h.poll();
		await h.poll();
		const gets = getsByTask(sim);
		expect(gets.size).toBe(200);
		for (const times of gets.values()) expect(times.length).toBeGreaterThanOrEqual(2);
		expect(minGapMs(sim)).toBeGreaterThanOrEqual(2_000);
		expect(h.emitted()).toHaveLength(0);
	});
});

describe('Task IDs: failures', () => {
	test('failed and unknown tasks are skipped (and logged) unless Include Failed Tasks is on', async () => {
		const [ok, bad] = await submitElsewhere(sim, ['latency=50', 'fail=EMPTY_RESULT latency=50']);
		await sleep(200);
		const ids = [ok, bad, 'tsk_does_not_exist'];

		const skipping = await harness(sim, watch(ids));
		expect(emittedIds((await skipping.poll()).items ?? [])).toEqual([ok]);
		expect(skipping.logs.filter((line) => line.level === 'info').map((line) => line.message)).toEqual(
			expect.arrayContaining([
				expect.stringMatching(new RegExp(`Task ${bad} failed: EMPTY_RESULT .*skipped because Include Failed Tasks is off`)),
				expect.stringMatching(/tsk_does_not_exist was not found.*skipped/),
			]),
		);
		sim.clearLog();
		await sleep(2_050);
		expect((await skipping.poll()).items).toBeNull();
		expect(sim.requestsTo('api', 'GET')).toHaveLength(0); // skipped tasks are done with

		const including = await harness(sim, watch(ids, { includeFailed: true }));
		const items = (await including.poll()).items ?? [];
		expect(emittedIds(items)).toEqual(ids);
		expect(items[1].json).toMatchObject({
			taskId: bad,
			state: 'failed',
			status: 2,
			errorCode: 'EMPTY_RESULT',
			errorMessage: 'scripted EMPTY_RESULT',
			creditsRefunded: true,
			error: `Task ${bad} failed: EMPTY_RESULT — scripted EMPTY_RESULT`,
		});
		expect(items[1].binary).toBeUndefined();
		expect(items[2].json).toMatchObject({ taskId: 'tsk_does_not_exist', state: 'notFound', errorCode: 'TASK_NOT_FOUND' });
		await expectRealImage(including, items[0]);
	});

	test('a finished task whose download fails stays watched and is retried; after 3 polls it comes without binary', async () => {
		const [flaky, broken] = await submitElsewhere(sim, ['latency=50', 'latency=50']);
		await sleep(200);
		sim.faults.add({ server: 'files', path: `/files/${flaky}/`, times: 1, action: { status: 403 } });
		sim.faults.add({ server: 'files', path: `/files/${broken}/`, times: 10, action: { status: 403 } });
		const h = await harness(sim, watch([flaky, broken]));

		expect((await h.poll()).items).toBeNull();
		expect(h.logs.some((line) => line.level === 'warn' && line.message.includes(`task ${flaky} finished but its files could not be downloaded`))).toBe(true);
		await sleep(2_050);
		const second = (await h.poll()).items ?? [];
		expect(emittedIds(second)).toEqual([flaky]);
		await expectRealImage(h, second[0]);
		await sleep(2_050);
		const third = (await h.poll()).items ?? [];
		expect(emittedIds(third)).toEqual([broken]);
		expect(third[0].binary).toBeUndefined();
		expect(third[0].json).toMatchObject({ state: 'completed', imageUrls: [expect.any(String)], error: expect.stringMatching(/Could not download.*HTTP 403/) });
		expect(h.emitted()).toHaveLength(2);
	});

	test('bad Task IDs are a clear error before anything is sent', async () => {
		for (const taskIds of ['', 'tsk_ok, tsk/../x']) {
			const h = await harness(sim, { source: 'taskIds', taskIds });
			const outcome = await h.poll();
			expect(outcome.error?.message).toMatch(/^Task IDs: /);
		}
		expect(sim.requestsTo('api')).toHaveLength(0);
	});
});

describe('Task IDs: with the action node', () => {
	test('IDs from Generate with Wait for Completion off come out in the action node item shape', async () => {
		const credentials = simCredentials(sim.baseUrl, sim.defaultKey);
		const submitted = await runWorkflow(
			nodeWorkflow({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: '={{ $json.p }}', waitForCompletion: false }, [
				{ p: 'one latency=100' },
				{ p: 'two latency=100' },
			]),
			{ credentials },
		);
		const ids = submitted.output(NODE_NAME).map((item) => item.json.taskId as string);
		const waited = await runWorkflow(
			nodeWorkflow({ resource: 'task', operation: 'waitForCompletion', taskId: '={{ $json.id }}' }, [{ id: ids[0] }]),
			{ credentials },
		);
		const actionItem = waited.output(NODE_NAME)[0];

		// An expression may give the list as an array.
		const h = await harness(sim, { source: 'taskIds', taskIds: `={{ ${JSON.stringify(ids)} }}` });
		const items = (await h.poll()).items ?? [];
		expect(emittedIds(items).sort()).toEqual([...ids].sort());
		const triggerItem = items.find((item) => item.json.taskId === ids[0])!;
		const withoutWait = Object.keys(actionItem.json).filter((key) => key !== 'waitedMs');
		expect(Object.keys(triggerItem.json).sort()).toEqual(withoutWait.sort());
		expect(Object.keys(triggerItem.binary ?? {})).toEqual(Object.keys(actionItem.binary ?? {}));
		expect(triggerItem.binary!.image.fileName).toBe(actionItem.binary!.image.fileName);
		expect(await h.binaryBuffer(triggerItem.binary!.image)).toEqual(await waited.binaryBuffer(actionItem.binary!.image));
	});
});
