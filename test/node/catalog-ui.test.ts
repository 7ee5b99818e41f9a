/**
 * What the editor shows for every model: the node DESCRIPTION's displayOptions evaluated with
 * n8n's own helpers (the same ones the editor uses), checked against a table written here from
 * the API doc (shared/api/gptimage2api.md) — NOT derived from the node's catalog, so a catalog
 * or description mistake shows up as a disagreement.
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import path from 'node:path';

import type { ImageModel, VideoModel } from '../../nodes/GptImage2Api/catalog/models';

const dist = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'GptImage2Api');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GptImage2Api } = require(path.join(dist, 'GptImage2Api.node.js')) as { GptImage2Api: new () => INodeType };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const catalog = require(path.join(dist, 'catalog', 'models.js')) as {
	IMAGE_MODELS: readonly ImageModel[];
	VIDEO_MODELS: readonly VideoModel[];
};

const description = new GptImage2Api().description;
const node: Pick<INode, 'typeVersion'> = { typeVersion: 1 };

// ---------------------------------------------------------------------------------------------
// The expectation tables, copied by hand from the API doc.
// ---------------------------------------------------------------------------------------------

/** Image models: credits per resolution (null = flat price, no Resolution field). */
const IMAGE_EXPECTED: Record<string, { flat?: number; resolutions?: Record<string, number> }> = {
	'gpt-image-2': { flat: 3 },
	'nano-banana-2': { resolutions: { '1K': 4, '2K': 6, '4K': 8 } },
	'nano-banana-pro': { resolutions: { '2K': 12, '4K': 20 } },
	'google/nano-banana': { flat: 3 },
};

type Mode = 't2v' | 'i2v' | 'both';
/** Video models: modes, and credits per duration — [any] or [720p, 1080p]. */
const VIDEO_EXPECTED: Record<string, { mode: Mode; byResolution: boolean; credits: Record<number, number[]> }> = {
	'kling/v2-1-standard': { mode: 'i2v', byResolution: false, credits: { 5: [11], 10: [22] } },
	'kling/v2-1-pro': { mode: 'i2v', byResolution: false, credits: { 5: [21], 10: [42] } },
	'kling/v2-1-master-text-to-video': { mode: 't2v', byResolution: false, credits: { 5: [67], 10: [134] } },
	'sora-2-text-to-video': { mode: 't2v', byResolution: true, credits: { 5: [5, 8], 10: [10, 15], 20: [20, 30] } },
	'sora-2-pro-text-to-video': { mode: 't2v', byResolution: true, credits: { 5: [16, 24], 10: [32, 48], 20: [64, 96] } },
	'sora-2-image-to-video': { mode: 'i2v', byResolution: true, credits: { 5: [5, 8], 10: [10, 15], 20: [20, 30] } },
	'hailuo/02-text-to-video-standard': { mode: 't2v', byResolution: false, credits: { 5: [13], 10: [21] } },
	'hailuo/02-text-to-video-pro': { mode: 't2v', byResolution: false, credits: { 5: [24], 10: [48] } },
	'hailuo/02-image-to-video-standard': { mode: 'i2v', byResolution: false, credits: { 5: [13], 10: [21] } },
	'hailuo/02-image-to-video-pro': { mode: 'i2v', byResolution: false, credits: { 5: [24], 10: [48] } },
	veo3_fast: { mode: 'both', byResolution: false, credits: { 8: [9] } },
	veo3: { mode: 'both', byResolution: false, credits: { 8: [63] } },
	veo3_lite: { mode: 'both', byResolution: false, credits: { 8: [5] } },
	'wan/2-6-text-to-video': { mode: 't2v', byResolution: true, credits: { 5: [30, 45], 10: [60, 89], 15: [90, 133] } },
	'wan/2-6-image-to-video': { mode: 'i2v', byResolution: true, credits: { 5: [30, 45], 10: [60, 89], 15: [90, 133] } },
	'bytedance/seedance-1.5-pro': { mode: 'both', byResolution: true, credits: { 5: [18, 27], 10: [36, 54] } },
};

// ---------------------------------------------------------------------------------------------
// The editor's view, computed with n8n's helpers.
// ---------------------------------------------------------------------------------------------

interface View {
	/** The node's parameter values as the editor resolves them (defaults filled in, hidden dropped). */
	values: INodeParameters;
	/** Visible top-level fields by display name (a name visible twice is an error). */
	fields: Map<string, INodeProperties>;
	/** Visible entries of the Options collection, by display name. */
	options: string[];
}

function view(nodeValues: INodeParameters): View {
	const values = NodeHelpers.getNodeParameters(description.properties, nodeValues, true, false, node, description);
	if (!values) throw new Error('getNodeParameters returned null');
	const fields = new Map<string, INodeProperties>();
	for (const property of description.properties) {
		if (!NodeHelpers.displayParameter(values, property, node, description)) continue;
		if (fields.has(property.displayName)) {
			throw new Error(`"${property.displayName}" is shown twice for ${JSON.stringify(nodeValues)}`);
		}
		fields.set(property.displayName, property);
	}
	const optionsProperty = description.properties.find((p) => p.name === 'options')!;
	const collection = (values.options ?? {}) as INodeParameters;
	const options = (optionsProperty.options as INodeProperties[])
		.filter((option) => NodeHelpers.displayParameter(collection, option, node, description, values))
		.map((option) => option.displayName);
	return { values, fields, options };
}

const choices = (property: INodeProperties | undefined) => (property?.options ?? []) as INodePropertyOptions[];
const word = (n: number) => new RegExp(`(^|[^0-9])${n}([^0-9]|$)`);
const containsAll = (text: string, numbers: number[]) => numbers.every((n) => word(n).test(text));

// ---------------------------------------------------------------------------------------------

describe('the catalog the editor lists is exactly the documented models', () => {
	test('image models', () => {
		expect(catalog.IMAGE_MODELS.map((m) => m.id).sort()).toEqual(Object.keys(IMAGE_EXPECTED).sort());
		const model = view({ resource: 'image', operation: 'generate' }).fields.get('Model');
		expect(choices(model).map((o) => o.value)).toEqual(catalog.IMAGE_MODELS.map((m) => m.id));
	});

	test('video models', () => {
		expect(catalog.VIDEO_MODELS.map((m) => m.id).sort()).toEqual(Object.keys(VIDEO_EXPECTED).sort());
		const model = view({ resource: 'video', operation: 'generate' }).fields.get('Model');
		expect(choices(model).map((o) => o.value)).toEqual(catalog.VIDEO_MODELS.map((m) => m.id));
	});
});

describe('Image → Generate, per model', () => {
	test.each(catalog.IMAGE_MODELS.map((m) => [m.id]))('%s', (id) => {
		const expected = IMAGE_EXPECTED[id];
		const v = view({ resource: 'image', operation: 'generate', model: id });

		const visible = ['Resource', 'Operation', 'Model', 'Prompt', 'Reference Image URLs', 'Aspect Ratio'];
		if (expected.resolutions) visible.push('Resolution');
		visible.push('Wait for Completion', 'Estimate Only', 'Options');
		expect([...v.fields.keys()]).toEqual(visible);

		// The model's entry in the dropdown states its price.
		const option = choices(v.fields.get('Model')).find((o) => o.value === id)!;
		const prices = expected.flat !== undefined ? [expected.flat] : Object.values(expected.resolutions!);
		expect(option.description).toMatch(/credit/);
		expect(containsAll(option.description ?? '', prices)).toBe(true);

		if (expected.resolutions) {
			const resolution = choices(v.fields.get('Resolution'));
			expect(resolution.map((o) => o.value)).toEqual(Object.keys(expected.resolutions));
			for (const o of resolution) {
				expect(o.name).toBe(`${o.value} (${expected.resolutions[o.value as string]} credits)`);
			}
			// The resolution the editor preselects is one the model offers.
			expect(Object.keys(expected.resolutions)).toContain(v.values.resolution);
		} else {
			expect(v.values.resolution).toBeUndefined();
		}
	});
});

describe('Video → Generate, per model', () => {
	const cases = catalog.VIDEO_MODELS.flatMap((m) =>
		VIDEO_EXPECTED[m.id]?.mode === 'both'
			? [[m.id, 'text_to_video'], [m.id, 'image_to_video'], [m.id, undefined]]
			: [[m.id, undefined]],
	) as Array<[string, string | undefined]>;

	test.each(cases)('%s (input mode %s)', (id, inputMode) => {
		const expected = VIDEO_EXPECTED[id];
		const values: INodeParameters = { resource: 'video', operation: 'generate', model: id };
		if (inputMode) values.inputMode = inputMode;
		const v = view(values);

		// Image URL: image-only models always; dual models only in image-to-video mode (the default is text).
		const needsImage = expected.mode === 'i2v' || (expected.mode === 'both' && inputMode === 'image_to_video');
		const visible = ['Resource', 'Operation', 'Model', 'Prompt'];
		if (expected.mode === 'both') visible.push('Input Mode');
		if (needsImage) visible.push('Image URL');
		visible.push('Duration');
		if (expected.byResolution) visible.push('Resolution');
		visible.push('Aspect Ratio', 'Wait for Completion', 'Estimate Only', 'Options');
		expect([...v.fields.keys()]).toEqual(visible);

		if (expected.mode === 'both') {
			expect(choices(v.fields.get('Input Mode')).map((o) => o.value)).toEqual(['text_to_video', 'image_to_video']);
			expect(v.values.inputMode).toBe(inputMode ?? 'text_to_video');
		}

		// Duration: exactly the documented seconds, each label stating what it costs.
		const durations = Object.keys(expected.credits).map(Number);
		const duration = choices(v.fields.get('Duration'));
		expect(duration.map((o) => o.value)).toEqual(durations);
		for (const o of duration) {
			expect(o.name).toMatch(new RegExp(`^${o.value} s \\(.*credit`));
			expect(containsAll(o.name.replace(/^\d+ s/, ''), expected.credits[o.value as number])).toBe(true);
		}
		expect(durations).toContain(v.values.duration);

		if (expected.byResolution) {
			const resolution = choices(v.fields.get('Resolution'));
			expect(resolution.map((o) => o.value)).toEqual(['720p', '1080p']);
			resolution.forEach((o, r) => {
				expect(o.name).toMatch(/credits/);
				expect(containsAll(o.name, durations.map((d) => expected.credits[d][r]))).toBe(true);
			});
			expect(['720p', '1080p']).toContain(v.values.resolution);
		}

		// The model's entry in the dropdown states its prices.
		const option = choices(v.fields.get('Model')).find((o) => o.value === id)!;
		expect(option.description).toMatch(/credits/);
		expect(containsAll(option.description ?? '', Object.values(expected.credits).flat())).toBe(true);
	});

	test('the editor count of video model × mode views matches the doc (12 single-mode + 4 dual × 3 modes)', () => {
		expect(cases).toHaveLength(12 + 4 * 3);
	});
});

describe('operation-dependent fields', () => {
	const generateOnly = ['Max Credits per Item', 'Provider Input'];

	test.each([
		['image', 'generate'],
		['video', 'generate'],
	])('%s → %s: no Task ID; Options include Max Credits and Provider Input', (resource, operation) => {
		const v = view({ resource, operation });
		expect(v.fields.has('Task ID')).toBe(false);
		expect(v.options).toEqual(expect.arrayContaining(generateOnly));
		expect(v.options).toEqual(
			expect.arrayContaining(['Binary Property Prefix', 'Download Results', 'Max Concurrent Requests', 'Max Wait (Seconds)']),
		);
	});

	test.each([['get'], ['waitForCompletion']])('task → %s: Task ID only, no generate fields or options', (operation) => {
		const v = view({ resource: 'task', operation });
		expect([...v.fields.keys()]).toEqual(['Resource', 'Operation', 'Task ID', 'Options']);
		expect(v.fields.get('Task ID')!.required).toBe(true);
		for (const name of generateOnly) expect(v.options).not.toContain(name);
		expect(v.options).toContain('Max Concurrent Requests');
	});

	test('task → get: nothing is downloaded or waited for, so those options are hidden', () => {
		expect(view({ resource: 'task', operation: 'get' }).options).toEqual(['Max Concurrent Requests', 'Request Timeout (Seconds)']);
		expect(view({ resource: 'task', operation: 'waitForCompletion' }).options).toEqual([
			'Binary Property Prefix',
			'Download Results',
			'Max File Size (MB)',
			'Max Concurrent Requests',
			'Max Wait (Seconds)',
			'Request Timeout (Seconds)',
		]);
	});

	test('task resource offers Get and Wait for Completion; image/video offer Generate', () => {
		expect(choices(view({ resource: 'task' }).fields.get('Operation')).map((o) => o.value)).toEqual(['get', 'waitForCompletion']);
		expect(choices(view({ resource: 'image' }).fields.get('Operation')).map((o) => o.value)).toEqual(['generate']);
		expect(choices(view({ resource: 'video' }).fields.get('Operation')).map((o) => o.value)).toEqual(['generate']);
	});
});
