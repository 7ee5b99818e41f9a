import { call, submitImage, submitVideo } from './helpers';
import { startSimulator } from './server';
import type { SimulatorHandle } from './types';

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 10 });
});
afterAll(() => sim.close());

/** Asserts the documented 400 shape, that `field` has an error, and that nothing was charged. */
async function expect400(kind: 'image' | 'video', body: unknown, field: string, message?: RegExp): Promise<Record<string, string[]>> {
	const before = sim.ledger(sim.defaultKey);
	const res = kind === 'image' ? await submitImage(sim, body) : await submitVideo(sim, body);
	expect(res.status).toBe(400);
	expect(res.body).toEqual({ error: 'Invalid request', details: { formErrors: [], fieldErrors: expect.any(Object) } });
	const errors = res.body.details.fieldErrors as Record<string, string[]>;
	expect(errors[field]).toEqual(expect.arrayContaining([expect.any(String)]));
	if (message) expect(errors[field].join(' | ')).toMatch(message);
	expect(sim.ledger(sim.defaultKey)).toEqual(before);
	return errors;
}

const img = (extra: Record<string, unknown>) => ({ model: 'gpt-image-2', prompt: 'p', ...extra });
const vid = (extra: Record<string, unknown>) => ({ model: 'veo3', prompt: 'p', inputMode: 'text_to_video', ...extra });
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}.png`);

describe('400 validation', () => {
	it('prompt missing, blank or not a string uses the documented message', async () => {
		await expect400('image', { model: 'gpt-image-2' }, 'prompt', /^Prompt is required$/);
		await expect400('image', img({ prompt: '   ' }), 'prompt');
		await expect400('image', img({ prompt: 42 }), 'prompt');
		await expect400('video', vid({ prompt: undefined }), 'prompt');
	});

	it.each([
		['gpt-image-2', 20000],
		['nano-banana-2', 20000],
		['nano-banana-pro', 10000],
		['google/nano-banana', 5000],
	])('prompt cap for %s is %d', async (model, cap) => {
		await expect400('image', { model, prompt: 'x'.repeat(cap + 1) }, 'prompt');
		expect((await submitImage(sim, { model, prompt: 'x'.repeat(cap) })).status).toBe(200);
	});

	it('model missing or unknown, or an image model on the video endpoint', async () => {
		await expect400('image', { prompt: 'p' }, 'model');
		await expect400('image', img({ model: 'dall-e-3' }), 'model');
		await expect400('video', vid({ model: 'gpt-image-2' }), 'model');
		await expect400('image', img({ model: 'veo3' }), 'model');
	});

	it.each([
		['gpt-image-2', 4],
		['nano-banana-2', 14],
		['nano-banana-pro', 8],
		['google/nano-banana', 10],
	])('too many input images for %s (max %d)', async (model, max) => {
		await expect400('image', { model, prompt: 'p', inputImageUrls: urls(max + 1) }, 'inputImageUrls');
		expect((await submitImage(sim, { model, prompt: 'p', inputImageUrls: urls(max) })).status).toBe(200);
	});

	it('input image URLs must be http(s) strings in an array', async () => {
		await expect400('image', img({ inputImageUrls: ['ftp://example.com/a.png'] }), 'inputImageUrls');
		await expect400('image', img({ inputImageUrls: ['data:image/png;base64,AAAA'] }), 'inputImageUrls');
		await expect400('image', img({ inputImageUrls: ['not a url'] }), 'inputImageUrls');
		await expect400('image', img({ inputImageUrls: [42] }), 'inputImageUrls');
		await expect400('image', img({ inputImageUrls: 'https://example.com/a.png' }), 'inputImageUrls');
		await expect400('video', vid({ inputMode: 'image_to_video', inputImageUrls: ['file:///etc/passwd'] }), 'inputImageUrls');
		expect((await submitImage(sim, img({ inputImageUrls: ['http://example.com/a.png'] }))).status).toBe(200);
	});

	it('inputMode must be known and match the model', async () => {
		await expect400('video', vid({ inputMode: undefined }), 'inputMode');
		await expect400('video', vid({ inputMode: 'video_to_video' }), 'inputMode');
		await expect400('video', { model: 'sora-2-text-to-video', prompt: 'p', inputMode: 'image_to_video', inputImageUrls: urls(1) }, 'inputMode');
		await expect400('video', { model: 'sora-2-image-to-video', prompt: 'p', inputMode: 'text_to_video' }, 'inputMode');
		await expect400('video', { model: 'kling/v2-1-standard', prompt: 'p', inputMode: 'text_to_video' }, 'inputMode');
		await expect400('video', { model: 'kling/v2-1-pro', prompt: 'p', inputMode: 'text_to_video' }, 'inputMode');
		await expect400('video', { model: 'kling/v2-1-master-text-to-video', prompt: 'p', inputMode: 'image_to_video', inputImageUrls: urls(1) }, 'inputMode');
		await expect400('video', { model: 'hailuo/02-image-to-video-pro', prompt: 'p', inputMode: 'text_to_video' }, 'inputMode');
		for (const model of ['veo3_fast', 'veo3', 'veo3_lite', 'bytedance/seedance-1.5-pro']) {
			expect((await submitVideo(sim, { model, prompt: 'p', inputMode: 'text_to_video' })).status).toBe(200);
			expect((await submitVideo(sim, { model, prompt: 'p', inputMode: 'image_to_video', inputImageUrls: urls(1) })).status).toBe(200);
		}
	});

	it('image_to_video needs at least one image', async () => {
		await expect400('video', vid({ inputMode: 'image_to_video' }), 'inputImageUrls');
		await expect400('video', vid({ inputMode: 'image_to_video', inputImageUrls: [] }), 'inputImageUrls');
		await expect400('video', { model: 'kling/v2-1-standard', prompt: 'p', inputMode: 'image_to_video' }, 'inputImageUrls');
	});

	it('duration must be an allowed integer', async () => {
		await expect400('video', vid({ duration: 5 }), 'duration'); // Veo is fixed at 8
		await expect400('video', { model: 'kling/v2-1-master-text-to-video', prompt: 'p', inputMode: 'text_to_video', duration: 20 }, 'duration');
		await expect400('video', { model: 'sora-2-text-to-video', prompt: 'p', inputMode: 'text_to_video', duration: 15 }, 'duration');
		await expect400('video', { model: 'wan/2-6-text-to-video', prompt: 'p', inputMode: 'text_to_video', duration: 20 }, 'duration');
		await expect400('video', { model: 'sora-2-text-to-video', prompt: 'p', inputMode: 'text_to_video', duration: '10' }, 'duration');
		await expect400('video', { model: 'sora-2-text-to-video', prompt: 'p', inputMode: 'text_to_video', duration: 10.5 }, 'duration');
		expect((await submitVideo(sim, vid({ duration: 8 }))).status).toBe(200);
	});

	it('resolution must be allowed where it is priced, and is ignored elsewhere', async () => {
		await expect400('image', { model: 'nano-banana-2', prompt: 'p', resolution: '8K' }, 'resolution');
		await expect400('image', { model: 'nano-banana-pro', prompt: 'p', resolution: '1K' }, 'resolution');
		await expect400('video', { model: 'sora-2-text-to-video', prompt: 'p', inputMode: 'text_to_video', resolution: '4k' }, 'resolution');
		await expect400('video', { model: 'bytedance/seedance-1.5-pro', prompt: 'p', inputMode: 'text_to_video', resolution: '480p' }, 'resolution');
		expect((await submitImage(sim, img({ resolution: 'whatever' }))).status).toBe(200);
		expect((await submitVideo(sim, vid({ resolution: '4k' }))).status).toBe(200);
	});

	it('aspectRatio must be allowed for the kind', async () => {
		await expect400('image', img({ aspectRatio: '7:3' }), 'aspectRatio');
		await expect400('video', vid({ aspectRatio: '4:3' }), 'aspectRatio');
		await expect400('video', vid({ aspectRatio: 'auto' }), 'aspectRatio');
		for (const ar of ['auto', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '4:5', '5:4', '21:9']) {
			expect((await submitImage(sim, { model: 'google/nano-banana', prompt: 'p', aspectRatio: ar })).status).toBe(200);
		}
		for (const ar of ['16:9', '9:16', '1:1']) expect((await submitVideo(sim, vid({ aspectRatio: ar }))).status).toBe(200);
	});

	it('providerInput must be a JSON object', async () => {
		await expect400('image', img({ providerInput: [1, 2] }), 'providerInput');
		await expect400('image', img({ providerInput: null }), 'providerInput');
		await expect400('video', vid({ providerInput: 'x' }), 'providerInput');
		expect((await submitImage(sim, img({ providerInput: { seed: 1 } }))).status).toBe(200);
	});

	it('reports several field errors at once and ignores unknown fields', async () => {
		const errors = await expect400('image', { model: 'gpt-image-2', aspectRatio: 'x', inputImageUrls: urls(5), unknown: true }, 'prompt');
		expect(Object.keys(errors).sort()).toEqual(['aspectRatio', 'inputImageUrls', 'prompt']);
		expect((await submitImage(sim, img({ outputFormat: 'webp', somethingNew: { a: 1 } }))).status).toBe(200);
	});

	it('a body that is not a JSON object is a form error', async () => {
		for (const raw of ['{not json', '[1,2]', '"str"', '']) {
			const res = await call(sim, 'POST', '/api/ai/image/generate', raw === '' ? '' : raw);
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ error: 'Invalid request', details: { formErrors: [expect.any(String)], fieldErrors: {} } });
		}
	});

	it('auth is checked before validation', async () => {
		expect((await submitImage(sim, { model: 'nope' }, null)).status).toBe(401);
	});
});
