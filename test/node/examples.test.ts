import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { runWorkflow, useBaseNodes } from '../engine/engine';
import { decodeImage, mp4BoxTypes } from '../engine/media';
import { packageRoot } from '../engine/node-types';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 300 });
});
afterAll(async () => await sim.close());

const load = (file: string) => JSON.parse(readFileSync(path.join(packageRoot, 'examples', file), 'utf8')) as IWorkflowBase;

describe('the example workflows in examples/ (as importable into n8n) run through the engine', () => {
	test('text to image: one PNG', async () => {
		const result = await runWorkflow(load('text-to-image.json'), { credentials: { gptImage2Api: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl } } });
		expect(result.error).toBeUndefined();
		const [item] = result.output('Generate Image');
		expect(decodeImage(await result.binaryBuffer(item.binary!.image)).format).toBe('png');
	});

	test('image edit: the second node edits the first node’s image (its URL is sent as the reference)', async () => {
		sim.clearLog();
		const result = await runWorkflow(load('image-edit.json'), { credentials: { gptImage2Api: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl } } });
		expect(result.error).toBeUndefined();
		const [first] = result.output('Generate Image');
		const [edited] = result.output('Edit Image');
		const submits = sim.requestsTo('api', 'POST');
		expect(submits[1].body).toMatchObject({ model: 'nano-banana-2', inputImageUrls: first.json.imageUrls, resolution: '2K' });
		expect(edited.json).toMatchObject({ state: 'completed', creditsUsed: 6 });
		expect(decodeImage(await result.binaryBuffer(edited.binary!.image)).width).toBeGreaterThan(0);
	});

	test('image to video: the generated image becomes an MP4', async () => {
		const result = await runWorkflow(load('image-to-video.json'), { credentials: { gptImage2Api: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl } } });
		expect(result.error).toBeUndefined();
		const [video] = result.output('Animate Image');
		expect(video.json).toMatchObject({ type: 'video', state: 'completed', creditsUsed: 9 });
		expect(mp4BoxTypes(await result.binaryBuffer(video.binary!.video))).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
	});
});

describe('the trigger examples (Fetch Test Event, as the editor runs them)', () => {
	const manual = async (workflow: IWorkflowBase) => {
		await useBaseNodes(['NoOp']);
		return await runWorkflow(workflow, {
			credentials: { gptImage2Api: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl } },
			mode: 'manual',
			startNode: 'GPT Image 2 API Trigger',
		});
	};

	test('a new product video every morning: the expression prompt is sent, the MP4 reaches the next node', async () => {
		sim.clearLog();
		const result = await manual(load('trigger-new-generation.json'));
		expect(result.error).toBeUndefined();
		const [item] = result.output('Send the video on (Drive, Slack, CMS…)');
		expect(item.json).toMatchObject({ type: 'video', model: 'veo3_fast', state: 'completed', creditsUsed: 9 });
		expect(mp4BoxTypes(await result.binaryBuffer(item.binary!.video))).toEqual(expect.arrayContaining(['ftyp', 'moov']));
		const [submit] = sim.requestsTo('api', 'POST');
		expect((submit.body as { prompt: string }).prompt).toMatch(/^An 8-second teaser for our (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) special/);
	});

	test('continue when submitted tasks finish: a watched task ID comes out with its image', async () => {
		const submitted = await fetch(`${sim.baseUrl}/api/ai/image/generate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sim.defaultKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ model: 'gpt-image-2', prompt: 'submitted elsewhere' }),
		}).then(async (r) => (await r.json()) as { taskId: string });
		await new Promise((resolve) => setTimeout(resolve, 600));
		const workflow = load('trigger-task-ids.json');
		workflow.nodes[0].parameters.taskIds = submitted.taskId;
		const result = await manual(workflow);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Handle each finished task');
		expect(item.json).toMatchObject({ taskId: submitted.taskId, state: 'completed' });
		expect(decodeImage(await result.binaryBuffer(item.binary!.image)).format).toBe('png');
	});
});
