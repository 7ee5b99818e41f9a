import type { ImageModel, VideoModel } from '../catalog/models';
import { imageResolutions, videoResolutions } from '../catalog/lookup';

const plural = (n: number) => `${n} credit${n === 1 ? '' : 's'}`;

export function imageModelDescription(model: ImageModel): string {
	const price =
		typeof model.credits === 'number'
			? `${plural(model.credits)} per image`
			: imageResolutions(model)
					.map((resolution) => `${resolution} = ${(model.credits as Record<string, number>)[resolution]}`)
					.join(', ') + ' credits';
	return `${price} · up to ${model.maxInputImages} reference images · prompt up to ${model.maxPromptChars.toLocaleString('en-US')} characters`;
}

const MODE_LABEL = { text_to_video: 'text → video', image_to_video: 'image → video' } as const;

function videoPriceText(model: VideoModel): string {
	const resolutions = videoResolutions(model);
	const durations = model.durations.map((d) => `${d} s`).join(' / ');
	if (!resolutions.length) {
		const row = (model.credits as { any: readonly number[] }).any;
		return model.durations.map((d, i) => `${d} s = ${row[i]}`).join(', ') + ' credits';
	}
	const rows = model.credits as Record<string, readonly number[]>;
	return resolutions.map((r) => `${r}: ${rows[r].join(' / ')}`).join(' · ') + ` credits (${durations})`;
}

export function videoModelDescription(model: VideoModel): string {
	return `${model.modes.map((mode) => MODE_LABEL[mode]).join(', ')} · ${videoPriceText(model)}`;
}

export function imageResolutionLabel(model: ImageModel, resolution: string): string {
	return `${resolution} (${plural((model.credits as Record<string, number>)[resolution])})`;
}

export function durationLabel(model: VideoModel, index: number): string {
	const seconds = model.durations[index];
	const resolutions = videoResolutions(model);
	if (!resolutions.length) return `${seconds} s (${plural((model.credits as { any: readonly number[] }).any[index])})`;
	const rows = model.credits as Record<string, readonly number[]>;
	return `${seconds} s (${resolutions.map((r) => `${rows[r][index]} at ${r}`).join(', ')} credits)`;
}

export function videoResolutionLabel(model: VideoModel, resolution: string): string {
	const row = (model.credits as Record<string, readonly number[]>)[resolution];
	return `${resolution} (${model.durations.map((d, i) => `${row[i]} for ${d} s`).join(', ')} credits)`;
}

