import { runWorkflow } from '../engine/engine';
import { NODE_NAME, nodeWorkflow, simCredentials } from '../engine/workflows';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

describe('batches: all items submitted and awaited together', () => {
	test('20 image items take about as long as the slowest one, not the sum', async () => {
		// Latencies 1–5.75 s, so the sum (≈68 s) and the slowest (5.75 s) are far apart.
		const latencies = Array.from({ length: 20 }, (_, i) => 1_000 + i * 250);
		sim.configure({ outcome: ({ body }) => ({ latencyMs: latencies[Number((body.prompt as string).split('#')[1])] }) });
		const started = Date.now();
		const result = await runWorkflow(
			nodeWorkflow({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: '={{ "item #" + $json.i }}' }, latencies.map((_, i) => ({ i }))),
			{ credentials: simCredentials(sim.baseUrl, sim.defaultKey) },
		);
		const wall = Date.now() - started;
		expect(result.error).toBeUndefined();
		const items = result.output(NODE_NAME);
		expect(items.map((item) => item.json.state)).toEqual(latencies.map(() => 'completed'));
		expect(items.every((item) => item.binary?.image)).toBe(true);

		// Every task was submitted before the first one finished: they ran side by side.
		const submits = sim.requestsTo('api', 'POST').map((r) => r.at);
		expect(Math.max(...submits) - Math.min(...submits)).toBeLessThan(latencies[0]);
		const slowest = Math.max(...latencies);
		const sum = latencies.reduce((a, b) => a + b, 0);
		console.log(`20-item batch: wall ${wall} ms, slowest task ${slowest} ms, sum ${sum} ms → wall/slowest ${(wall / slowest).toFixed(2)}`);
		// Close to the slowest: well under a quarter of the serial time (timing figures go to npm run bench).
		expect(wall / sum).toBeLessThan(0.25);
	});

	test('Max Concurrent Requests caps the requests in flight at once', async () => {
		sim.clearLog();
		sim.configure({ outcome: undefined, latencyMs: 200 });
		sim.faults.add({ server: 'api', method: 'POST', times: 12, action: { delayMs: 300 } });
		await runWorkflow(
			nodeWorkflow({ resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: 'x', waitForCompletion: false, options: { concurrency: 3 } }, Array.from({ length: 12 }, () => ({}))),
			{ credentials: simCredentials(sim.baseUrl, sim.defaultKey) },
		);
		// Each submit is held 300 ms by the server: with 3 at a time, 12 submits arrive in 4 waves.
		const arrivals = sim.requestsTo('api', 'POST').map((r) => r.at).sort((a, b) => a - b);
		expect(arrivals).toHaveLength(12);
		const waves = [0, 3, 6, 9].map((start) => arrivals.slice(start, start + 3));
		for (let w = 1; w < waves.length; w++) {
			expect(Math.min(...waves[w]) - Math.min(...waves[w - 1])).toBeGreaterThanOrEqual(250);
		}
	});
});
