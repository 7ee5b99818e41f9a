import type { INodeProperties } from 'n8n-workflow';

/** The Prompt field, shared by image and video generation (and the trigger's New Generation). */
export const promptField = (description: string, placeholder: string, displayOptions: INodeProperties['displayOptions']): INodeProperties => ({
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	required: true,
	default: '',
	placeholder,
	description,
	typeOptions: { rows: 4 },
	displayOptions,
});
