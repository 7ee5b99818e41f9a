/**
 * The model catalog: the ONE place that knows the models, their limits and their published
 * prices (gptimage2api.org → Pricing / Credits & models). The node's fields, the local
 * validation and the credit estimate are all derived from this data, so a price or limit change
 * is a one-line change here.
 */

export type InputMode = 'text_to_video' | 'image_to_video';
export type VideoResolution = '720p' | '1080p';

export interface ImageModel {
	id: string;
	name: string;
	maxInputImages: number;
	maxPromptChars: number;
	/** Flat price per image, or a price per resolution (the first key is the API's default). */
	credits: number | Record<string, number>;
}

export interface VideoModel {
	id: string;
	name: string;
	modes: readonly InputMode[];
	/** Allowed durations in seconds, in the order the prices below follow. */
	durations: readonly number[];
	/**
	 * Credits per duration (same order as `durations`): one row when the resolution does not
	 * change the price, else one row per resolution (the first is the API's default).
	 */
	credits: { any: readonly number[] } | Record<VideoResolution, readonly number[]>;
}

export const IMAGE_ASPECT_RATIOS = ['auto', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '4:5', '5:4', '21:9'] as const;
export const VIDEO_ASPECT_RATIOS = ['16:9', '9:16', '1:1'] as const;

const T2V: readonly InputMode[] = ['text_to_video'];
const I2V: readonly InputMode[] = ['image_to_video'];
const BOTH: readonly InputMode[] = ['text_to_video', 'image_to_video'];

const SORA_2 = { '720p': [5, 10, 20], '1080p': [8, 15, 30] } as const;
const SORA_2_PRO = { '720p': [16, 32, 64], '1080p': [24, 48, 96] } as const;
const HAILUO_STANDARD = { any: [13, 21] } as const;
const HAILUO_PRO = { any: [24, 48] } as const;
const WAN_2_6 = { '720p': [30, 60, 90], '1080p': [45, 89, 133] } as const;

export const IMAGE_MODELS: readonly ImageModel[] = [
	{ id: 'gpt-image-2', name: 'GPT Image 2', maxInputImages: 4, maxPromptChars: 20_000, credits: 3 },
	{ id: 'nano-banana-2', name: 'Nano Banana 2', maxInputImages: 14, maxPromptChars: 20_000, credits: { '1K': 4, '2K': 6, '4K': 8 } },
	{ id: 'nano-banana-pro', name: 'Nano Banana Pro (Gemini 3)', maxInputImages: 8, maxPromptChars: 10_000, credits: { '2K': 12, '4K': 20 } },
	{ id: 'google/nano-banana', name: 'Nano Banana', maxInputImages: 10, maxPromptChars: 5_000, credits: 3 },
];

// Durations are the catalog's best knowledge: the docs name 5/10/15/20 s as common and Veo as
// fixed at 8 s; the published price tiers fit the lists below.
export const VIDEO_MODELS: readonly VideoModel[] = [
	{ id: 'kling/v2-1-standard', name: 'Kling V2.1 Standard', modes: I2V, durations: [5, 10], credits: { any: [11, 22] } },
	{ id: 'kling/v2-1-pro', name: 'Kling V2.1 Pro', modes: I2V, durations: [5, 10], credits: { any: [21, 42] } },
	{ id: 'kling/v2-1-master-text-to-video', name: 'Kling V2.1 Master', modes: T2V, durations: [5, 10], credits: { any: [67, 134] } },
	{ id: 'sora-2-text-to-video', name: 'Sora 2', modes: T2V, durations: [5, 10, 20], credits: SORA_2 },
	{ id: 'sora-2-pro-text-to-video', name: 'Sora 2 Pro', modes: T2V, durations: [5, 10, 20], credits: SORA_2_PRO },
	{ id: 'sora-2-image-to-video', name: 'Sora 2 Image-to-Video', modes: I2V, durations: [5, 10, 20], credits: SORA_2 },
	{ id: 'hailuo/02-text-to-video-standard', name: 'Hailuo Standard', modes: T2V, durations: [5, 10], credits: HAILUO_STANDARD },
	{ id: 'hailuo/02-text-to-video-pro', name: 'Hailuo Pro', modes: T2V, durations: [5, 10], credits: HAILUO_PRO },
	{ id: 'hailuo/02-image-to-video-standard', name: 'Hailuo I2V Standard', modes: I2V, durations: [5, 10], credits: HAILUO_STANDARD },
	{ id: 'hailuo/02-image-to-video-pro', name: 'Hailuo I2V Pro', modes: I2V, durations: [5, 10], credits: HAILUO_PRO },
	{ id: 'veo3_fast', name: 'Veo 3.1 Fast', modes: BOTH, durations: [8], credits: { any: [9] } },
	{ id: 'veo3', name: 'Veo 3.1', modes: BOTH, durations: [8], credits: { any: [63] } },
	{ id: 'veo3_lite', name: 'Veo 3.1 Lite', modes: BOTH, durations: [8], credits: { any: [5] } },
	{ id: 'wan/2-6-text-to-video', name: 'Wan 2.6', modes: T2V, durations: [5, 10, 15], credits: WAN_2_6 },
	{ id: 'wan/2-6-image-to-video', name: 'Wan 2.6 I2V', modes: I2V, durations: [5, 10, 15], credits: WAN_2_6 },
	{ id: 'bytedance/seedance-1.5-pro', name: 'Seedance 1.5 Pro', modes: BOTH, durations: [5, 10], credits: { '720p': [18, 36], '1080p': [27, 54] } },
];

/** The API documents no prompt cap for video models; this generous bound only stops runaway input. */
export const VIDEO_MAX_PROMPT_CHARS = 20_000;
/** The API uses only the first image of an image-to-video request. */
export const VIDEO_MAX_INPUT_IMAGES = 1;
