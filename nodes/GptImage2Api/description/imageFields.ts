import type { INodeProperties } from 'n8n-workflow';

import { IMAGE_ASPECT_RATIOS, IMAGE_MODELS } from '../catalog/models';
import { imageResolutions } from '../catalog/lookup';
import { imageModelDescription, imageResolutionLabel } from './labels';
import { promptField } from './promptField';

const show = { resource: ['image'], operation: ['generate'] };

// One Resolution field per model priced by resolution, so each lists only its own sizes and prices.
const resolutionFields: INodeProperties[] = IMAGE_MODELS.filter((model) => imageResolutions(model).length).map((model) => ({
	displayName: 'Resolution',
	name: 'resolution',
	type: 'options',
	default: imageResolutions(model)[0],
	description: `Output size; it decides the price of ${model.name}`,
	options: imageResolutions(model).map((resolution) => ({ name: imageResolutionLabel(model, resolution), value: resolution })),
	displayOptions: { show: { ...show, model: [model.id] } },
}));

export const imageFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: IMAGE_MODELS[0].id,
		description: 'Image model; each lists its price in credits',
		options: IMAGE_MODELS.map((model) => ({ name: model.name, value: model.id, description: imageModelDescription(model) })),
		displayOptions: { show },
	},
	promptField('What to generate, or how to change the reference images', 'e.g. A studio photo of a ceramic mug on a walnut table, soft morning light', { show }),
	{
		displayName: 'Reference Image URLs',
		name: 'imageUrls',
		type: 'string',
		default: [],
		placeholder: 'https://example.com/photo.png',
		description: 'Public http(s) URLs of images to edit or draw from. Adding any turns the request into an image edit.',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
		displayOptions: { show },
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		default: 'auto',
		description: 'Layout of the image; "auto" lets the model choose',
		options: IMAGE_ASPECT_RATIOS.map((ratio) => ({ name: ratio === 'auto' ? 'Auto' : ratio, value: ratio })),
		displayOptions: { show },
	},
	...resolutionFields,
];
