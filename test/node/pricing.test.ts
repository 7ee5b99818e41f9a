/**
 * Estimate = charge, for every priced combination. One workflow run per resource, one input item
 * per model × duration × resolution, every parameter an expression reading the item. For each
 * output item: the node's estimate, the API's reported creditsUsed and the simulator's ledger
 * charge for that task must all equal the price table below, copied by hand from the API doc.
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

interface Combo {
	model: string;
	resolution?: string;
	duration?: number;
	inputMode?: string;
	imageUrl?: string;
	credits: number;
}

// ---- Image prices (doc: "Models and credits → Image") ----
const IMAGE_PRICES: Combo[] = [
	{ model: 'gpt-image-2', credits: 3 },
	{ model: 'nano-banana-2', resolution: '1K', credits: 4 },
	{ model: 'nano-banana-2', resolution: '2K', credits: 6 },
	{ model: 'nano-banana-2', resolution: '4K', credits: 8 },
	{ model: 'nano-banana-pro', resolution: '2K', credits: 12 },
	{ model: 'nano-banana-pro', resolution: '4K', credits: 20 },
	{ model: 'google/nano-banana', credits: 3 },
];

// ---- Video prices (doc: "Models and credits → Video"), [duration, credits] or [duration, resolution, credits] ----
const IMG = 'https://example.com/first-frame.png';
const flat = (model: string, rows: Array<[number, number]>, extra: Partial<Combo> = {}): Combo[] =>
	rows.map(([duration, credits]) => ({ model, duration, credits, ...extra }));
const byRes = (model: string, rows: Array<[number, string, number]>, extra: Partial<Combo> = {}): Combo[] =>
	rows.map(([duration, resolution, credits]) => ({ model, duration, resolution, credits, ...extra }));
const SORA: Array<[number, string, number]> = [
	[5, '720p', 5], [10, '720p', 10], [20, '720p', 20],
	[5, '1080p', 8], [10, '1080p', 15], [20, '1080p', 30],
];
const WAN: Array<[number, string, number]> = [
	[5, '720p', 30], [10, '720p', 60], [15, '720p', 90],
	[5, '1080p', 45], [10, '1080p', 89], [15, '1080p', 133],
];
const i2v = { imageUrl: IMG };

const VIDEO_PRICES: Combo[] = [
	...flat('kling/v2-1-standard', [[5, 11], [10, 22]], i2v),
	...flat('kling/v2-1-pro', [[5, 21], [10, 42]], i2v),
	...flat('kling/v2-1-master-text-to-video', [[5, 67], [10, 134]]),
	...byRes('sora-2-text-to-video', SORA),
	...byRes('sora-2-pro-text-to-video', [
		[5, '720p', 16], [10, '720p', 32], [20, '720p', 64],
		[5, '1080p', 24], [10, '1080p', 48], [20, '1080p', 96],
	]),
	...byRes('sora-2-image-to-video', SORA, i2v),
	...flat('hailuo/02-text-to-video-standard', [[5, 13], [10, 21]]),
	...flat('hailuo/02-text-to-video-pro', [[5, 24], [10, 48]]),
	...flat('hailuo/02-image-to-video-standard', [[5, 13], [10, 21]], i2v),
	...flat('hailuo/02-image-to-video-pro', [[5, 24], [10, 48]], i2v),
	// Veo and Seedance accept both modes; the price does not depend on it, so both are exercised.
	...flat('veo3_fast', [[8, 9]], { inputMode: 'text_to_video' }),
	...flat('veo3', [[8, 63]], { inputMode: 'image_to_video', imageUrl: IMG }),
	...flat('veo3_lite', [[8, 5]], { inputMode: 'text_to_video' }),
	...byRes('wan/2-6-text-to-video', WAN),
	...byRes('wan/2-6-image-to-video', WAN, i2v),
	...byRes('bytedance/seedance-1.5-pro', [[5, '720p', 18], [10, '720p', 36]], { inputMode: 'text_to_video' }),
	...byRes('bytedance/seedance-1.5-pro', [[5, '1080p', 27], [10, '1080p', 54]], { inputMode: 'image_to_video', imageUrl: IMG }),
];

async function runAll(resource: 'image' | 'video', combos: Combo[]) {
	const before = sim.ledger(sim.defaultKey).charges.length;
	const parameters: Record<string, unknown> = {
		resource,
		operation: 'generate',
		model: '={{ $json.model }}',
		prompt: '={{ "price check " + $json.model + " " + ($json.duration ?? "") + " " + ($json.resolution ?? "") }}',
		resolution: '={{ $json.resolution }}',
		waitForCompletion: false,
		options: { concurrency: 10 },
	};
	if (resource === 'video') {
		parameters.duration = '={{ $json.duration }}';
		parameters.inputMode = '={{ $json.inputMode }}';
		parameters.imageUrl = '={{ $json.imageUrl }}';
	}
	const result = await runWorkflow(nodeWorkflow(parameters as never, combos), {
		credentials: simCredentials(sim.baseUrl, sim.defaultKey),
	});
	expect(result.error).toBeUndefined();
	const out: INodeExecutionData[] = result.output(NODE_NAME);
	const charges = sim.ledger(sim.defaultKey).charges.slice(before);
	return { out, charges };
}

function check(combos: Combo[], { out, charges }: Awaited<ReturnType<typeof runAll>>) {
	expect(out).toHaveLength(combos.length);
	expect(charges).toHaveLength(combos.length);
	const rows = out.map((item, i) => {
		const combo = combos[(item.pairedItem as { item: number }).item];
		expect((item.pairedItem as { item: number }).item).toBe(i);
		const charge = charges.find((c) => c.taskId === item.json.taskId);
		const body = (charge?.body ?? {}) as Record<string, unknown>;
		return {
			model: combo.model,
			duration: combo.duration,
			resolution: combo.resolution,
			expected: combo.credits,
			estimatedCredits: item.json.estimatedCredits,
			creditsUsed: item.json.creditsUsed,
			charged: charge?.credits,
			sent: { model: body.model, duration: body.duration, resolution: body.resolution },
		};
	});
	// One table-shaped assertion, so a mismatch shows every wrong combination at once.
	expect(rows).toEqual(
		combos.map((c) => ({
			model: c.model,
			duration: c.duration,
			resolution: c.resolution,
			expected: c.credits,
			estimatedCredits: c.credits,
			creditsUsed: c.credits,
			charged: c.credits,
			sent: { model: c.model, duration: c.duration, resolution: c.resolution },
		})),
	);
}

test('the doc lists 7 image and 51 video priced combinations', () => {
	expect(IMAGE_PRICES).toHaveLength(7);
	// Kling 3×2 + Sora 3×6 + Hailuo 4×2 + Veo 3×1 + Wan 2×6 + Seedance 4
	expect(VIDEO_PRICES).toHaveLength(6 + 18 + 8 + 3 + 12 + 4);
	const keys = (list: Combo[]) => new Set(list.map((c) => `${c.model}|${c.duration}|${c.resolution}`));
	expect(keys(IMAGE_PRICES).size).toBe(7);
	expect(keys(VIDEO_PRICES).size).toBe(51);
});

test('image: estimate = creditsUsed = ledger charge = published price, for all 7 combinations (one run)', async () => {
	check(IMAGE_PRICES, await runAll('image', IMAGE_PRICES));
});

test('video: estimate = creditsUsed = ledger charge = published price, for all 51 combinations (one run)', async () => {
	check(VIDEO_PRICES, await runAll('video', VIDEO_PRICES));
});

test('estimate-only totals match the sum of the published prices (no request sent)', async () => {
	sim.clearLog();
	const result = await runWorkflow(
		nodeWorkflow(
			{
				resource: 'video',
				operation: 'generate',
				model: '={{ $json.model }}',
				prompt: 'estimate',
				duration: '={{ $json.duration }}',
				resolution: '={{ $json.resolution }}',
				inputMode: '={{ $json.inputMode }}',
				imageUrl: '={{ $json.imageUrl }}',
				estimateOnly: true,
			} as never,
			VIDEO_PRICES,
		),
		{ credentials: simCredentials(sim.baseUrl, sim.defaultKey) },
	);
	expect(result.error).toBeUndefined();
	const out = result.output(NODE_NAME);
	expect(out.map((i) => i.json.estimatedCredits)).toEqual(VIDEO_PRICES.map((c) => c.credits));
	expect(out[0].json.totalEstimatedCredits).toBe(VIDEO_PRICES.reduce((sum, c) => sum + c.credits, 0));
	expect(sim.requests).toEqual([]);
});
