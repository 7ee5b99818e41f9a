/**
 * The simulator's own copy of the published catalog (shared/api/gptimage2api.md).
 * Deliberately independent of nodes/: a node whose catalog drifts from the docs
 * must disagree with this file, not silently share its mistake.
 */

export type InputMode = 'text_to_video' | 'image_to_video';
export type ImageFormat = 'png' | 'jpeg';

export interface ImageModelSpec {
	kind: 'image';
	id: string;
	maxInputImages: number;
	maxPromptChars: number;
	/** Set for flat-priced models; such models ignore `resolution`. */
	flatCredits?: number;
	creditsByResolution?: Record<string, number>;
	defaultResolution?: string;
	/** What the provider's CDN returns for this model. */
	outputFormat: ImageFormat;
}

export interface VideoModelSpec {
	kind: 'video';
	id: string;
	modes: InputMode[];
	/** Ascending; the first one is the default when `duration` is omitted. */
	durations: number[];
	/** Credits aligned with `durations`, for models that ignore `resolution`. */
	credits?: number[];
	/** Credits aligned with `durations`, per resolution, for models priced by it. */
	creditsByResolution?: Record<string, number[]>;
	/** Video prompts have no published cap; kept optional so one can be added in one line. */
	maxPromptChars?: number;
}

export type ModelSpec = ImageModelSpec | VideoModelSpec;

export const IMAGE_ASPECT_RATIOS = ['auto', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '4:5', '5:4', '21:9'];
export const VIDEO_ASPECT_RATIOS = ['16:9', '9:16', '1:1'];
export const DEFAULT_VIDEO_RESOLUTION = '720p';

export const IMAGE_MODELS: ImageModelSpec[] = [
	{ kind: 'image', id: 'gpt-image-2', maxInputImages: 4, maxPromptChars: 20000, flatCredits: 3, outputFormat: 'png' },
	{
		kind: 'image',
		id: 'nano-banana-2',
		maxInputImages: 14,
		maxPromptChars: 20000,
		creditsByResolution: { '1K': 4, '2K': 6, '4K': 8 },
		defaultResolution: '1K',
		outputFormat: 'png',
	},
	{
		kind: 'image',
		id: 'nano-banana-pro',
		maxInputImages: 8,
		maxPromptChars: 10000,
		creditsByResolution: { '2K': 12, '4K': 20 },
		defaultResolution: '2K',
		outputFormat: 'jpeg',
	},
	{ kind: 'image', id: 'google/nano-banana', maxInputImages: 10, maxPromptChars: 5000, flatCredits: 3, outputFormat: 'jpeg' },
];

const T2V: InputMode[] = ['text_to_video'];
const I2V: InputMode[] = ['image_to_video'];
const BOTH: InputMode[] = ['text_to_video', 'image_to_video'];

const SORA_DURATIONS = [5, 10, 20];
const SORA = { '720p': [5, 10, 20], '1080p': [8, 15, 30] };
const SORA_PRO = { '720p': [16, 32, 64], '1080p': [24, 48, 96] };
const WAN_DURATIONS = [5, 10, 15];
const WAN = { '720p': [30, 60, 90], '1080p': [45, 89, 133] };
const FIVE_TEN = [5, 10];

export const VIDEO_MODELS: VideoModelSpec[] = [
	{ kind: 'video', id: 'kling/v2-1-standard', modes: I2V, durations: FIVE_TEN, credits: [11, 22] },
	{ kind: 'video', id: 'kling/v2-1-pro', modes: I2V, durations: FIVE_TEN, credits: [21, 42] },
	{ kind: 'video', id: 'kling/v2-1-master-text-to-video', modes: T2V, durations: FIVE_TEN, credits: [67, 134] },
	{ kind: 'video', id: 'sora-2-text-to-video', modes: T2V, durations: SORA_DURATIONS, creditsByResolution: SORA },
	{ kind: 'video', id: 'sora-2-pro-text-to-video', modes: T2V, durations: SORA_DURATIONS, creditsByResolution: SORA_PRO },
	{ kind: 'video', id: 'sora-2-image-to-video', modes: I2V, durations: SORA_DURATIONS, creditsByResolution: SORA },
	{ kind: 'video', id: 'hailuo/02-text-to-video-standard', modes: T2V, durations: FIVE_TEN, credits: [13, 21] },
	{ kind: 'video', id: 'hailuo/02-text-to-video-pro', modes: T2V, durations: FIVE_TEN, credits: [24, 48] },
	{ kind: 'video', id: 'hailuo/02-image-to-video-standard', modes: I2V, durations: FIVE_TEN, credits: [13, 21] },
	{ kind: 'video', id: 'hailuo/02-image-to-video-pro', modes: I2V, durations: FIVE_TEN, credits: [24, 48] },
	{ kind: 'video', id: 'veo3_fast', modes: BOTH, durations: [8], credits: [9] },
	{ kind: 'video', id: 'veo3', modes: BOTH, durations: [8], credits: [63] },
	{ kind: 'video', id: 'veo3_lite', modes: BOTH, durations: [8], credits: [5] },
	{ kind: 'video', id: 'wan/2-6-text-to-video', modes: T2V, durations: WAN_DURATIONS, creditsByResolution: WAN },
	{ kind: 'video', id: 'wan/2-6-image-to-video', modes: I2V, durations: WAN_DURATIONS, creditsByResolution: WAN },
	{
		kind: 'video',
		id: 'bytedance/seedance-1.5-pro',
		modes: BOTH,
		durations: FIVE_TEN,
		creditsByResolution: { '720p': [18, 36], '1080p': [27, 54] },
	},
];

export function findModel(kind: 'image', id: string): ImageModelSpec | undefined;
export function findModel(kind: 'video', id: string): VideoModelSpec | undefined;
export function findModel(kind: 'image' | 'video', id: string): ModelSpec | undefined {
	const list: ModelSpec[] = kind === 'image' ? IMAGE_MODELS : VIDEO_MODELS;
	return list.find((m) => m.id === id);
}

/** Resolutions a model accepts, or undefined when it ignores the field. */
export function pricedResolutions(spec: ModelSpec): string[] | undefined {
	return spec.creditsByResolution ? Object.keys(spec.creditsByResolution) : undefined;
}

export function imageCredits(spec: ImageModelSpec, resolution: string | undefined): number {
	if (spec.flatCredits !== undefined) return spec.flatCredits;
	const table = spec.creditsByResolution ?? {};
	const key = resolution ?? spec.defaultResolution ?? '';
	const credits = table[key];
	if (credits === undefined) throw new Error(`no price for ${spec.id} at ${key}`);
	return credits;
}

export function videoCredits(spec: VideoModelSpec, duration: number | undefined, resolution: string | undefined): number {
	const d = duration ?? spec.durations[0];
	const i = spec.durations.indexOf(d);
	const row = spec.creditsByResolution ? spec.creditsByResolution[resolution ?? DEFAULT_VIDEO_RESOLUTION] : spec.credits;
	const credits = i >= 0 && row ? row[i] : undefined;
	if (credits === undefined) throw new Error(`no price for ${spec.id} at ${d}s ${resolution ?? ''}`);
	return credits;
}
