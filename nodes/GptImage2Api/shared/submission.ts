import type { IDataObject } from 'n8n-workflow';

import type { InputMode, VideoResolution } from '../catalog/models';
import { IMAGE_ASPECT_RATIOS, VIDEO_ASPECT_RATIOS, VIDEO_MAX_INPUT_IMAGES, VIDEO_MAX_PROMPT_CHARS } from '../catalog/models';
import {
	acceptsBothModes,
	defaultMode,
	findImageModel,
	findVideoModel,
	imageCredits,
	imageResolutions,
	videoCredits,
	videoResolutions,
} from '../catalog/lookup';
import { FieldError } from './FieldError';

export type MediaType = 'image' | 'video';

/** What a Generate operation sends: the API body plus our price for it. */
export interface Submission {
	type: MediaType;
	model: string;
	body: IDataObject;
	estimatedCredits: number;
}

/** Reads a node parameter for the current item (n8n's getNodeParameter, bound to one item). */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

// Field display names, so every error names the field as the user sees it in the editor.
export const FIELD = {
	model: 'Model',
	prompt: 'Prompt',
	imageUrls: 'Reference Image URLs',
	imageUrl: 'Image URL',
	inputMode: 'Input Mode',
	aspectRatio: 'Aspect Ratio',
	resolution: 'Resolution',
	duration: 'Duration',
	providerInput: 'Provider Input',
	maxCredits: 'Max Credits per Item',
} as const;

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

function readPrompt(read: ParameterReader, maxChars: number, modelName: string): string {
	const prompt = read('prompt', '');
	if (typeof prompt !== 'string') {
		throw new FieldError(FIELD.prompt, `must be text, but the value is ${typeOf(prompt)}`);
	}
	if (prompt.trim() === '') throw new FieldError(FIELD.prompt, 'is empty; describe what to generate');
	if (prompt.length > maxChars) {
		throw new FieldError(
			FIELD.prompt,
			`is ${prompt.length.toLocaleString('en-US')} characters; ${modelName} accepts at most ${maxChars.toLocaleString('en-US')}`,
		);
	}
	return prompt;
}

function checkUrl(field: string, value: unknown, position: number): string {
	const where = position > 0 ? ` (#${position})` : '';
	if (typeof value !== 'string') throw new FieldError(field, `must be a URL${where}, but the value is ${typeOf(value)}`);
	const text = value.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new FieldError(field, `"${text.slice(0, 200)}"${where} is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FieldError(field, `"${text.slice(0, 200)}"${where} must start with http:// or https://`);
	}
	return text;
}

/** Reference images may come as list entries, or from an expression as an array or one string. */
function readImageUrls(read: ParameterReader, name: string, field: string): string[] {
	const raw = read(name, []);
	const values = (Array.isArray(raw) ? raw : raw === '' || raw === undefined ? [] : [raw]).flat();
	const nonEmpty = values.filter((value) => !(typeof value === 'string' && value.trim() === ''));
	return nonEmpty.map((value, index) => checkUrl(field, value, nonEmpty.length > 1 ? index + 1 : 0));
}

function readOption<T extends string>(read: ParameterReader, name: string, field: string, allowed: readonly T[], modelName: string): T {
	const value = read(name, allowed[0]);
	// Options may hold numbers (durations) and expressions may give either; compare as text.
	const match = allowed.find((option) => option === String(value));
	if (match === undefined || (typeof value !== 'string' && typeof value !== 'number')) {
		throw new FieldError(field, `"${String(value)}" is not offered by ${modelName}; choose one of: ${allowed.join(', ')}`);
	}
	return match;
}

function readProviderInput(read: ParameterReader): IDataObject | undefined {
	const options = read('options', {}) as IDataObject;
	let value = options?.providerInput as unknown;
	if (value === undefined || value === '') return undefined;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw new FieldError(FIELD.providerInput, 'is not valid JSON; give a JSON object such as {"seed": 42}');
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new FieldError(FIELD.providerInput, `must be a JSON object, but the value is ${typeOf(value)}`);
	}
	return Object.keys(value).length ? (value as IDataObject) : undefined;
}

export function prepareImageSubmission(read: ParameterReader): Submission {
	const modelId = read('model', '');
	const model = findImageModel(String(modelId));
	if (!model) throw new FieldError(FIELD.model, `"${String(modelId)}" is not an image model this node knows`);

	const prompt = readPrompt(read, model.maxPromptChars, model.name);
	const imageUrls = readImageUrls(read, 'imageUrls', FIELD.imageUrls);
	if (imageUrls.length > model.maxInputImages) {
		throw new FieldError(FIELD.imageUrls, `has ${imageUrls.length} images; ${model.name} accepts at most ${model.maxInputImages}`);
	}
	const aspectRatio = readOption(read, 'aspectRatio', FIELD.aspectRatio, IMAGE_ASPECT_RATIOS, model.name);
	const resolutions = imageResolutions(model);
	const resolution = resolutions.length ? readOption(read, 'resolution', FIELD.resolution, resolutions, model.name) : undefined;
	const providerInput = readProviderInput(read);

	const body: IDataObject = { model: model.id, prompt, aspectRatio };
	if (imageUrls.length) body.inputImageUrls = imageUrls;
	if (resolution) body.resolution = resolution;
	if (providerInput) body.providerInput = providerInput;
	return { type: 'image', model: model.id, body, estimatedCredits: imageCredits(model, resolution)! };
}

export function prepareVideoSubmission(read: ParameterReader): Submission {
	const modelId = read('model', '');
	const model = findVideoModel(String(modelId));
	if (!model) throw new FieldError(FIELD.model, `"${String(modelId)}" is not a video model this node knows`);

	const prompt = readPrompt(read, VIDEO_MAX_PROMPT_CHARS, model.name);
	const inputMode: InputMode = acceptsBothModes(model)
		? readOption(read, 'inputMode', FIELD.inputMode, model.modes, model.name)
		: defaultMode(model);
	let imageUrls: string[] = [];
	if (inputMode === 'image_to_video') {
		imageUrls = readImageUrls(read, 'imageUrl', FIELD.imageUrl);
		if (imageUrls.length === 0) {
			throw new FieldError(FIELD.imageUrl, `is required: ${model.name} turns an image into a video`);
		}
		if (imageUrls.length > VIDEO_MAX_INPUT_IMAGES) {
			throw new FieldError(FIELD.imageUrl, `has ${imageUrls.length} URLs; a video starts from one image`);
		}
	}
	const durations = model.durations.map(String);
	const duration = Number(readOption(read, 'duration', FIELD.duration, durations, model.name));
	const resolutions = videoResolutions(model);
	const resolution = resolutions.length
		? readOption<VideoResolution>(read, 'resolution', FIELD.resolution, resolutions, model.name)
		: undefined;
	const aspectRatio = readOption(read, 'aspectRatio', FIELD.aspectRatio, VIDEO_ASPECT_RATIOS, model.name);
	const providerInput = readProviderInput(read);

	const body: IDataObject = { model: model.id, prompt, inputMode, duration, aspectRatio };
	if (imageUrls.length) body.inputImageUrls = imageUrls;
	if (resolution) body.resolution = resolution;
	if (providerInput) body.providerInput = providerInput;
	return { type: 'video', model: model.id, body, estimatedCredits: videoCredits(model, duration, resolution)! };
}

/** The credit cap is checked with the rest of the input, so an item over it is never submitted. */
export function checkCreditCap(submission: Submission, cap: unknown): void {
	if (cap === undefined || cap === null || cap === '' || cap === 0) return;
	const limit = Number(cap);
	if (!Number.isFinite(limit) || limit < 0) {
		throw new FieldError(FIELD.maxCredits, `must be a positive number, but the value is ${String(cap)}`);
	}
	if (submission.estimatedCredits > limit) {
		throw new FieldError(
			FIELD.maxCredits,
			`this ${submission.type} would cost ${submission.estimatedCredits} credits, over the cap of ${limit}; nothing was submitted`,
		);
	}
}
