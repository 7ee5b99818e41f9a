/**
 * Request validation mirroring the API's zod-flattened 400 body. Every rule that
 * can be checked is checked, so one reply lists all field errors at once.
 */
import { isPlainObject } from './http-util';
import {
	findModel,
	IMAGE_ASPECT_RATIOS,
	ImageModelSpec,
	imageCredits,
	InputMode,
	ModelSpec,
	pricedResolutions,
	VIDEO_ASPECT_RATIOS,
	VideoModelSpec,
	videoCredits,
} from './price-table';

export interface InvalidRequestBody {
	error: 'Invalid request';
	details: { formErrors: string[]; fieldErrors: Record<string, string[]> };
}

export interface ValidSubmit {
	kind: 'image' | 'video';
	spec: ModelSpec;
	body: Record<string, unknown>;
	prompt: string;
	credits: number;
}

export type ValidationResult = { ok: true; value: ValidSubmit } | { ok: false; error: InvalidRequestBody };

const INPUT_MODES: InputMode[] = ['text_to_video', 'image_to_video'];

class Errors {
	readonly formErrors: string[] = [];
	readonly fieldErrors: Record<string, string[]> = {};
	field(name: string, message: string): void {
		(this.fieldErrors[name] ??= []).push(message);
	}
	get empty(): boolean {
		return this.formErrors.length === 0 && Object.keys(this.fieldErrors).length === 0;
	}
	toBody(): InvalidRequestBody {
		return { error: 'Invalid request', details: { formErrors: this.formErrors, fieldErrors: this.fieldErrors } };
	}
}

function isHttpUrl(v: unknown): boolean {
	if (typeof v !== 'string') return false;
	try {
		const u = new URL(v);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

function checkOneOf(errors: Errors, body: Record<string, unknown>, field: string, allowed: string[], model: string): void {
	const v = body[field];
	if (v === undefined) return;
	if (typeof v !== 'string' || !allowed.includes(v)) {
		errors.field(field, `${field} must be one of ${allowed.join(', ')} for ${model}`);
	}
}

/** Returns the usable URL count, or -1 when the field is absent. */
function checkImageUrls(errors: Errors, body: Record<string, unknown>, max: number | undefined, model: string): number {
	const v = body.inputImageUrls;
	if (v === undefined) return -1;
	if (!Array.isArray(v)) {
		errors.field('inputImageUrls', 'inputImageUrls must be an array of image URLs');
		return 0;
	}
	v.forEach((url, i) => {
		if (!isHttpUrl(url)) errors.field('inputImageUrls', `inputImageUrls[${i}] must be an http(s) URL`);
	});
	if (max !== undefined && v.length > max) {
		errors.field('inputImageUrls', `${model} accepts at most ${max} input images`);
	}
	return v.length;
}

function checkPrompt(errors: Errors, body: Record<string, unknown>, cap: number | undefined, model: string): string {
	const p = body.prompt;
	if (typeof p !== 'string' || p.trim() === '') {
		errors.field('prompt', 'Prompt is required');
		return '';
	}
	if (cap !== undefined && p.length > cap) {
		errors.field('prompt', `Prompt must be at most ${cap} characters for ${model}`);
	}
	return p;
}

function checkModel(errors: Errors, kind: 'image' | 'video', body: Record<string, unknown>): ModelSpec | undefined {
	const m = body.model;
	if (m === undefined || m === null || m === '') {
		errors.field('model', 'Model is required');
		return undefined;
	}
	const spec = typeof m === 'string' ? (kind === 'image' ? findModel('image', m) : findModel('video', m)) : undefined;
	if (!spec) errors.field('model', `Unknown ${kind} model: ${String(m)}`);
	return spec;
}

function checkProviderInput(errors: Errors, body: Record<string, unknown>): void {
	if (body.providerInput !== undefined && !isPlainObject(body.providerInput)) {
		errors.field('providerInput', 'providerInput must be a JSON object');
	}
}

function checkImage(errors: Errors, spec: ImageModelSpec, body: Record<string, unknown>): void {
	checkImageUrls(errors, body, spec.maxInputImages, spec.id);
	checkOneOf(errors, body, 'aspectRatio', IMAGE_ASPECT_RATIOS, spec.id);
	const resolutions = pricedResolutions(spec);
	if (resolutions) checkOneOf(errors, body, 'resolution', resolutions, spec.id);
}

function checkVideo(errors: Errors, spec: VideoModelSpec, body: Record<string, unknown>): void {
	const mode = body.inputMode;
	if (mode === undefined) {
		errors.field('inputMode', 'inputMode is required');
	} else if (typeof mode !== 'string' || !INPUT_MODES.includes(mode as InputMode)) {
		errors.field('inputMode', `inputMode must be one of ${INPUT_MODES.join(', ')}`);
	} else if (!spec.modes.includes(mode as InputMode)) {
		errors.field('inputMode', `${spec.id} supports only ${spec.modes.join(', ')}`);
	}
	const urlCount = checkImageUrls(errors, body, undefined, spec.id);
	if (mode === 'image_to_video' && urlCount <= 0 && !errors.fieldErrors.inputImageUrls) {
		errors.field('inputImageUrls', 'image_to_video needs at least one input image');
	}
	const d = body.duration;
	if (d !== undefined) {
		if (typeof d !== 'number' || !Number.isInteger(d)) {
			errors.field('duration', 'duration must be an integer number of seconds');
		} else if (!spec.durations.includes(d)) {
			errors.field('duration', `duration must be one of ${spec.durations.join(', ')} for ${spec.id}`);
		}
	}
	const resolutions = pricedResolutions(spec);
	if (resolutions) checkOneOf(errors, body, 'resolution', resolutions, spec.id);
	checkOneOf(errors, body, 'aspectRatio', VIDEO_ASPECT_RATIOS, spec.id);
}

function priceOf(spec: ModelSpec, body: Record<string, unknown>): number {
	const resolution = typeof body.resolution === 'string' ? body.resolution : undefined;
	if (spec.kind === 'image') return imageCredits(spec, resolution);
	const duration = typeof body.duration === 'number' ? body.duration : undefined;
	return videoCredits(spec, duration, resolution);
}

export function validateSubmit(kind: 'image' | 'video', rawBody: string): ValidationResult {
	const errors = new Errors();
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody);
	} catch {
		errors.formErrors.push('Request body must be valid JSON');
		return { ok: false, error: errors.toBody() };
	}
	if (!isPlainObject(parsed)) {
		errors.formErrors.push('Request body must be a JSON object');
		return { ok: false, error: errors.toBody() };
	}
	const body = parsed;
	const spec = checkModel(errors, kind, body);
	const prompt = checkPrompt(errors, body, spec?.maxPromptChars, spec?.id ?? '');
	if (spec?.kind === 'image') checkImage(errors, spec, body);
	if (spec?.kind === 'video') checkVideo(errors, spec, body);
	checkProviderInput(errors, body);
	if (!errors.empty || !spec) return { ok: false, error: errors.toBody() };
	return { ok: true, value: { kind, spec, body, prompt, credits: priceOf(spec, body) } };
}
