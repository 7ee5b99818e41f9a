/**
 * Expected credits are typed in from the doc's table, independently of
 * price-table.ts, so a typo there can't hide behind a shared constant.
 */
import { submitImage, submitVideo } from './helpers';
import { IMAGE_MODELS, VIDEO_MODELS } from './price-table';
import { startSimulator } from './server';
import type { SimulatorHandle } from './types';

type Res = string | undefined;

// [model, resolution sent (undefined = omitted), credits]
const IMAGE: Array<[string, Res, number]> = [
	['gpt-image-2', undefined, 3],
	['gpt-image-2', '4K', 3], // flat: resolution ignored
	['nano-banana-2', undefined, 4],
	['nano-banana-2', '1K', 4],
	['nano-banana-2', '2K', 6],
	['nano-banana-2', '4K', 8],
	['nano-banana-pro', undefined, 12],
	['nano-banana-pro', '2K', 12],
	['nano-banana-pro', '4K', 20],
	['google/nano-banana', undefined, 3],
	['google/nano-banana', '2K', 3],
];

// [model, mode, duration sent, resolution sent, credits]
const T = 'text_to_video';
const I = 'image_to_video';
const VIDEO: Array<[string, string, number | undefined, Res, number]> = [
	['kling/v2-1-standard', I, 5, undefined, 11],
	['kling/v2-1-standard', I, 10, undefined, 22],
	['kling/v2-1-standard', I, undefined, undefined, 11],
	['kling/v2-1-standard', I, 10, '1080p', 22], // resolution ignored
	['kling/v2-1-pro', I, 5, undefined, 21],
	['kling/v2-1-pro', I, 10, undefined, 42],
	['kling/v2-1-master-text-to-video', T, 5, undefined, 67],
	['kling/v2-1-master-text-to-video', T, 10, undefined, 134],
	['sora-2-text-to-video', T, 5, '720p', 5],
	['sora-2-text-to-video', T, 10, '720p', 10],
	['sora-2-text-to-video', T, 20, '720p', 20],
	['sora-2-text-to-video', T, 5, '1080p', 8],
	['sora-2-text-to-video', T, 10, '1080p', 15],
	['sora-2-text-to-video', T, 20, '1080p', 30],
	['sora-2-text-to-video', T, undefined, undefined, 5],
	['sora-2-pro-text-to-video', T, 5, '720p', 16],
	['sora-2-pro-text-to-video', T, 10, '720p', 32],
	['sora-2-pro-text-to-video', T, 20, '720p', 64],
	['sora-2-pro-text-to-video', T, 5, '1080p', 24],
	['sora-2-pro-text-to-video', T, 10, '1080p', 48],
	['sora-2-pro-text-to-video', T, 20, '1080p', 96],
	['sora-2-image-to-video', I, 5, '720p', 5],
	['sora-2-image-to-video', I, 10, '720p', 10],
	['sora-2-image-to-video', I, 20, '720p', 20],
	['sora-2-image-to-video', I, 5, '1080p', 8],
	['sora-2-image-to-video', I, 10, '1080p', 15],
	['sora-2-image-to-video', I, 20, '1080p', 30],
	['hailuo/02-text-to-video-standard', T, 5, undefined, 13],
	['hailuo/02-text-to-video-standard', T, 10, undefined, 21],
	['hailuo/02-text-to-video-pro', T, 5, undefined, 24],
	['hailuo/02-text-to-video-pro', T, 10, undefined, 48],
	['hailuo/02-image-to-video-standard', I, 5, undefined, 13],
	['hailuo/02-image-to-video-standard', I, 10, undefined, 21],
	['hailuo/02-image-to-video-pro', I, 5, undefined, 24],
	['hailuo/02-image-to-video-pro', I, 10, undefined, 48],
	['veo3_fast', T, 8, undefined, 9],
	['veo3_fast', I, undefined, undefined, 9],
	['veo3', T, 8, undefined, 63],
	['veo3', I, undefined, '1080p', 63],
	['veo3_lite', T, 8, undefined, 5],
	['veo3_lite', I, undefined, undefined, 5],
	['wan/2-6-text-to-video', T, 5, '720p', 30],
	['wan/2-6-text-to-video', T, 10, '720p', 60],
	['wan/2-6-text-to-video', T, 15, '720p', 90],
	['wan/2-6-text-to-video', T, 5, '1080p', 45],
	['wan/2-6-text-to-video', T, 10, '1080p', 89],
	['wan/2-6-text-to-video', T, 15, '1080p', 133],
	['wan/2-6-image-to-video', I, 5, '720p', 30],
	['wan/2-6-image-to-video', I, 10, '720p', 60],
	['wan/2-6-image-to-video', I, 15, '720p', 90],
	['wan/2-6-image-to-video', I, 5, '1080p', 45],
	['wan/2-6-image-to-video', I, 10, '1080p', 89],
	['wan/2-6-image-to-video', I, 15, '1080p', 133],
	['bytedance/seedance-1.5-pro', T, 5, '720p', 18],
	['bytedance/seedance-1.5-pro', T, 10, '720p', 36],
	['bytedance/seedance-1.5-pro', I, 5, '1080p', 27],
	['bytedance/seedance-1.5-pro', I, 10, '1080p', 54],
	['bytedance/seedance-1.5-pro', T, 10, undefined, 36], // default 720p
];

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 60_000 });
});
afterAll(() => sim.close());

function defined(o: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

async function expectCharge(res: { status: number; body: { taskId: string; creditsUsed: number } }, credits: number): Promise<void> {
	expect(res.status).toBe(200);
	expect(res.body.creditsUsed).toBe(credits);
	const charge = sim.ledger(sim.defaultKey).charges.find((c) => c.taskId === res.body.taskId);
	expect(charge?.credits).toBe(credits);
}

describe('prices equal the published table', () => {
	it('the table above covers every model the simulator knows, and nothing else', () => {
		expect([...new Set(IMAGE.map(([m]) => m))].sort()).toEqual(IMAGE_MODELS.map((m) => m.id).sort());
		expect([...new Set(VIDEO.map(([m]) => m))].sort()).toEqual(VIDEO_MODELS.map((m) => m.id).sort());
	});

	it.each(IMAGE)('%s at %s costs %d', async (model, resolution, credits) => {
		await expectCharge(await submitImage(sim, defined({ model, prompt: 'p', resolution })), credits);
	});

	it.each(VIDEO)('%s %s %ss %s costs %d', async (model, inputMode, duration, resolution, credits) => {
		const inputImageUrls = inputMode === I ? ['https://example.com/a.png'] : undefined;
		await expectCharge(await submitVideo(sim, defined({ model, prompt: 'p', inputMode, duration, resolution, inputImageUrls })), credits);
	});

	it('the balance moves by exactly the sum of charges', () => {
		const { balance, charges } = sim.ledger(sim.defaultKey);
		expect(balance).toBe(100000 - charges.reduce((n, c) => n + c.credits, 0));
	});
});
