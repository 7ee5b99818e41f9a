import type { ImageModel, InputMode, VideoModel, VideoResolution } from './models';
import { IMAGE_MODELS, VIDEO_MODELS } from './models';

// Indexed once at load: validation and pricing run per item and must not rescan the catalog.
const imageById = new Map(IMAGE_MODELS.map((model) => [model.id, model]));
const videoById = new Map(VIDEO_MODELS.map((model) => [model.id, model]));

export const findImageModel = (id: string): ImageModel | undefined => imageById.get(id);
export const findVideoModel = (id: string): VideoModel | undefined => videoById.get(id);

/** Resolutions that change an image model's price, default first; [] for flat-priced models. */
export function imageResolutions(model: ImageModel): string[] {
	return typeof model.credits === 'number' ? [] : Object.keys(model.credits);
}

/** Resolutions that change a video model's price, default first; [] when it does not matter. */
export function videoResolutions(model: VideoModel): VideoResolution[] {
	return 'any' in model.credits ? [] : (Object.keys(model.credits) as VideoResolution[]);
}

export function imageCredits(model: ImageModel, resolution?: string): number | undefined {
	if (typeof model.credits === 'number') return model.credits;
	return model.credits[resolution ?? imageResolutions(model)[0]];
}

export function videoCredits(model: VideoModel, duration: number, resolution?: VideoResolution): number | undefined {
	const index = model.durations.indexOf(duration);
	if (index < 0) return undefined;
	const row = 'any' in model.credits ? model.credits.any : model.credits[resolution ?? videoResolutions(model)[0]];
	return row?.[index];
}

export const acceptsBothModes = (model: VideoModel) => model.modes.length > 1;
export const defaultMode = (model: VideoModel): InputMode => model.modes[0];
