import type { INodeProperties } from 'n8n-workflow';

import type { VideoModel } from '../catalog/models';
import { VIDEO_ASPECT_RATIOS, VIDEO_MODELS } from '../catalog/models';
import { acceptsBothModes, videoResolutions } from '../catalog/lookup';
import { durationLabel, videoModelDescription, videoResolutionLabel } from './labels';
import { promptField } from './promptField';

const show = { resource: ['video'], operation: ['generate'] };

/** Models sharing durations and prices share one field, so the editor lists each choice once. */
function groupBy(key: (model: VideoModel) => string): VideoModel[][] {
	const groups = new Map<string, VideoModel[]>();
	for (const model of VIDEO_MODELS) {
		const k = key(model);
		groups.set(k, [...(groups.get(k) ?? []), model]);
	}
	return [...groups.values()];
}

const pricingKey = (model: VideoModel) => JSON.stringify([model.durations, model.credits]);

const durationFields: INodeProperties[] = groupBy(pricingKey).map((models) => {
	const [model] = models;
	const fixed = model.durations.length === 1;
	return {
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		default: model.durations[0],
		description: fixed ? `${model.name} clips are always ${model.durations[0]} seconds` : 'Length of the video; it decides the price',
		options: model.durations.map((seconds, index) => ({ name: durationLabel(model, index), value: seconds })),
		displayOptions: { show: { ...show, model: models.map((m) => m.id) } },
	};
});

const resolutionFields: INodeProperties[] = groupBy(pricingKey)
	.filter(([model]) => videoResolutions(model).length)
	.map((models) => ({
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		default: videoResolutions(models[0])[0],
		description: 'Output resolution; it changes the price of this model',
		options: videoResolutions(models[0]).map((resolution) => ({
			name: videoResolutionLabel(models[0], resolution),
			value: resolution,
		})),
		displayOptions: { show: { ...show, model: models.map((m) => m.id) } },
	}));

const dualModeIds = VIDEO_MODELS.filter(acceptsBothModes).map((model) => model.id);
const imageOnlyIds = VIDEO_MODELS.filter((model) => !acceptsBothModes(model) && model.modes[0] === 'image_to_video').map(
	(model) => model.id,
);

const imageUrlField = (displayOptions: INodeProperties['displayOptions']): INodeProperties => ({
	displayName: 'Image URL',
	name: 'imageUrl',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'https://example.com/first-frame.png',
	description: 'Public http(s) URL of the image the video starts from',
	displayOptions,
});

export const videoFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: 'veo3_fast',
		description: 'Video model; each lists what it accepts and its price in credits',
		options: VIDEO_MODELS.map((model) => ({ name: model.name, value: model.id, description: videoModelDescription(model) })),
		displayOptions: { show },
	},
	promptField('What happens in the video', 'e.g. A slow dolly shot through a sunlit greenhouse', { show }),
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		default: 'text_to_video',
		description: 'Whether the video starts from the prompt alone or from an image',
		options: [
			{ name: 'Text to Video', value: 'text_to_video' },
			{ name: 'Image to Video', value: 'image_to_video' },
		],
		displayOptions: { show: { ...show, model: dualModeIds } },
	},
	imageUrlField({ show: { ...show, model: imageOnlyIds } }),
	imageUrlField({ show: { ...show, model: dualModeIds, inputMode: ['image_to_video'] } }),
	...durationFields,
	...resolutionFields,
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		default: VIDEO_ASPECT_RATIOS[0],
		options: VIDEO_ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
		displayOptions: { show },
	},
];
