import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../engine/engine';
import { NODE_NAME, nodeWorkflow, simCredentials } from '../engine/workflows';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';
import { POLL_INTERVAL_MS, nextPollDelay } from '../../nodes/GptImage2Api/execution/wait';

/*
 * The API's polling contract: every 2 s per task is safe, faster gains nothing. These checks go
 * through n8n's engine and read the simulator's request log (arrival time per task ID).
 */
let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.clearLog();
	sim.configure({ outcome: undefined, latencyMs: 300 });
});

/** Arrival times of the GETs of each task, in order. */
function pollsByTask(): Map<string, number[]> {
	const byTask = new Map<string, number[]>();
	for (const request of sim.requestsTo('api', 'GET', '/api/ai/tasks/')) {
		const taskId = decodeURIComponent(request.path.split('/').pop()!);
		byTask.set(taskId, [...(byTask.get(taskId) ?? []), request.at]);
	}
	for (const times of byTask.values()) times.sort((a, b) => a - b);
	return byTask;
}

function gaps(times: number[]): number[] {
	return times.slice(1).map((at, k) => at - times[k]);
}

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

const credentials = () => simCredentials(sim.baseUrl, sim.defaultKey);
const image = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	model: 'gpt-image-2',
	prompt: '={{ "cadence #" + $json.i }}',
	...extra,
	options,
});

describe('poll cadence: no task is asked for more often than every 2 s', () => {
	test('Generate with Wait for Completion: gaps ≥ 2 s, about latency / 2 s polls per task, no timer left behind', async () => {
		const latencies = [2_500, 3_100, 4_700, 5_300, 6_900, 7_600];
		sim.configure({ outcome: ({ body }) => ({ latencyMs: latencies[Number(String(body.prompt).split('#')[1])] }) });
		const timersBefore = timeouts();
		const result = await runWorkflow(nodeWorkflow(image({ concurrency: 2 }), latencies.map((_, i) => ({ i }))), { credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.json.state)).toEqual(latencies.map(() => 'completed'));

		const polls = pollsByTask();
		expect(polls.size).toBe(latencies.length);
		const submittedAt = new Map(sim.requestsTo('api', 'POST').map((r) => [(r.body as { prompt: string }).prompt, r.at]));
		for (const task of sim.tasks()) {
			const times = polls.get(task.id)!;
			const latency = task.finishedAt! - task.createdAt;
			// The first look comes one interval after the submit, then one per interval.
			expect(times[0] - submittedAt.get(task.prompt)!).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
			for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
			expect(times.length).toBeLessThanOrEqual(Math.ceil(latency / POLL_INTERVAL_MS) + 1);
		}
		// The node is done: none of its poll timers may still be running.
		expect(timeouts()).toBeLessThanOrEqual(timersBefore);
	});

	test('Max Wait that ends between two polls: the last look still keeps the 2 s gap', async () => {
		sim.configure({ outcome: () => ({ neverFinish: true }) });
		const result = await runWorkflow(nodeWorkflow(image({ maxWaitSeconds: 5 })), { credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.output(NODE_NAME)[0].json.state).toBe('pending');
		const [times] = [...pollsByTask().values()];
		expect(times.length).toBeGreaterThanOrEqual(2);
		for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
	});

	test('Task → Wait for Completion: the same cadence for a task submitted earlier', async () => {
		sim.configure({ latencyMs: 5_000 });
		const submitted = await runWorkflow(nodeWorkflow(image({}, { waitForCompletion: false })), { credentials: credentials() });
		const taskId = submitted.output(NODE_NAME)[0].json.taskId as string;
		const result = await runWorkflow(nodeWorkflow({ resource: 'task', operation: 'waitForCompletion', taskId, options: {} }), { credentials: credentials() });
		expect(result.output(NODE_NAME)[0].json.state).toBe('completed');
		const times = pollsByTask().get(taskId)!;
		expect(times.length).toBeGreaterThanOrEqual(2);
		for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
	});

	test('long tasks back off, and the pause never drops below 2 s', () => {
		let delay = POLL_INTERVAL_MS;
		for (let elapsed = 0; elapsed <= 3_600_000; elapsed += delay) {
			delay = nextPollDelay(elapsed, delay);
			expect(delay).toBeGreaterThanOrEqual(POLL_INTERVAL_MS);
			expect(delay).toBeLessThanOrEqual(15_000);
		}
		expect(delay).toBe(15_000);
	});
});
