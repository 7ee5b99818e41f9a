import type { IDataObject } from 'n8n-workflow';

import { fetchTestEvent } from '../engine/poll';
import { simCredentials } from '../engine/workflows';
import { useSimulator } from '../engine/simulator-fixture';
import type { SimulatorHandle } from '../simulator';
import { decodeImage } from '../engine/media';
import { scriptedOutcomes, sleep, submitElsewhere } from './helpers';

const fixture = useSimulator({ latencyMs: 200 }, scriptedOutcomes);
let sim: SimulatorHandle;
beforeEach(() => (sim = fixture.sim));

const credentials = () => simCredentials(sim.baseUrl, sim.defaultKey);
const image = (extra: Record<string, unknown> = {}) => ({
	source: 'newGeneration',
	resource: 'image',
	model: 'gpt-image-2',
	prompt: 'A lighthouse at dusk latency=300',
	...extra,
});

describe('Fetch Test Event (manual mode)', () => {
	test('New Generation: submits one task, waits for it and returns it with its image; the state is untouched', async () => {
		const staticData: IDataObject = {};
		const result = await fetchTestEvent(image(), credentials(), staticData);
		expect(result.error).toBeUndefined();
		const items = result.items();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ state: 'completed', type: 'image', creditsUsed: 3, estimatedCredits: 3 });
		expect(decodeImage(await result.binaryBuffer(items[0].binary!.image)).format).toBe('png');
		expect(sim.ledger(sim.defaultKey).charges.filter((charge) => charge.taskId === items[0].json.taskId)).toHaveLength(1);
		expect(JSON.stringify(staticData)).toBe('{}');
		expect(JSON.stringify(items.map((item) => item.json))).not.toContain(sim.defaultKey);
	});

	test('New Generation: when the wait bound is hit, the error names the task ID so nothing is lost', async () => {
		const result = await fetchTestEvent(image({ prompt: 'never finishes', options: { manualWaitSeconds: 3 } }), credentials());
		const [task] = sim.tasks().filter((t) => t.prompt === 'never finishes');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`Task ${task.id} is still running after 3 s`);
		expect(result.error?.description).toContain(task.id);
		expect(sim.requestsTo('api', 'POST')).toHaveLength(1);
	});

	test('New Generation: a failed task is a clear error unless Include Failed Tasks is on', async () => {
		const failing = image({ prompt: 'fail=EMPTY_RESULT latency=100' });
		const refused = await fetchTestEvent(failing, credentials());
		expect(refused.error?.message).toMatch(/^Task tsk_\w+ failed: EMPTY_RESULT — scripted EMPTY_RESULT$/);
		const shown = await fetchTestEvent({ ...failing, options: { includeFailed: true } }, credentials());
		expect(shown.items()[0].json).toMatchObject({ state: 'failed', errorCode: 'EMPTY_RESULT', creditsRefunded: true });
	});

	test('Task IDs: returns the first listed task that has finished, without touching the state', async () => {
		const [running, first, second] = await submitElsewhere(sim, ['never', 'latency=50', 'latency=50']);
		await sleep(200);
		const staticData: IDataObject = {};
		const result = await fetchTestEvent({ source: 'taskIds', taskIds: `${running}\n${first}, ${second}` }, credentials(), staticData);
		expect(result.error).toBeUndefined();
		const items = result.items();
		expect(items.map((item) => item.json.taskId)).toEqual([first]);
		expect(decodeImage(await result.binaryBuffer(items[0].binary!.image)).width).toBeGreaterThan(0);
		expect(JSON.stringify(staticData)).toBe('{}');
	});

	test('Task IDs: a clear error when none has finished yet', async () => {
		const ids = await submitElsewhere(sim, ['never 1', 'never 2']);
		const result = await fetchTestEvent({ source: 'taskIds', taskIds: ids.join(',') }, credentials());
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('None of the 2 watched tasks has finished yet');
		expect(result.error?.description).toMatch(/^2 still running\. Fetch Test Event again/);
	});
});
