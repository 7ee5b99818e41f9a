import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from './commonFields';
import { resourceField } from './operations';
import { imageFields } from './imageFields';
import { videoFields } from './videoFields';

export const DEFAULT_MAX_IN_FLIGHT = 1;
export const DEFAULT_MANUAL_WAIT_SECONDS = 120;

const newGeneration = { source: ['newGeneration'] };

/**
 * The trigger reuses the action node's field definitions. They show for
 * `resource: image|video` + `operation: generate`; the trigger has the same `resource` choice and
 * a hidden `operation` fixed to "generate", so only the Source condition has to be added.
 */
const sourceField: INodeProperties = {
	displayName: 'Source',
	name: 'source',
	type: 'options',
	noDataExpression: true,
	default: 'newGeneration',
	options: [
		{
			name: 'New Generation Each Poll',
			value: 'newGeneration',
			description: 'Submit one image or video on every poll and start the workflow once it has finished',
		},
		{
			name: 'Task IDs',
			value: 'taskIds',
			description:
				'Watch tasks submitted elsewhere (e.g. by the GPT Image 2 API node with Wait for Completion off) and start the workflow as each finishes',
		},
	],
};

// The node's Resource field without its Task choice: a trigger generates images or videos.
const mediaField: INodeProperties = {
	...resourceField,
	displayName: 'Generate',
	options: resourceField.options!.filter((option) => 'value' in option && option.value !== 'task'),
	displayOptions: { show: newGeneration },
};

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'hidden',
	default: 'generate',
};

const taskIdsField: INodeProperties = {
	displayName: 'Task IDs',
	name: 'taskIds',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'tsk_01J9…, tsk_01JA…',
	description:
		'IDs of the tasks to watch, separated by commas or new lines (an expression may also return a list). Each task starts the workflow once, when it finishes.',
	typeOptions: { rows: 4 },
	displayOptions: { show: { source: ['taskIds'] } },
};

const shared = (name: string) => {
	const option = (optionsField.options as INodeProperties[]).find((candidate) => candidate.name === name);
	return option ? [option] : [];
};

const triggerOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		...shared('binaryPropertyName'),
		...shared('download'),
		{
			displayName: 'Fetch Test Event Max Wait (Seconds)',
			name: 'manualWaitSeconds',
			type: 'number',
			default: DEFAULT_MANUAL_WAIT_SECONDS,
			typeOptions: { minValue: 1 },
			description:
				'In a manual test ("Fetch Test Event") the trigger submits one task and waits for it this long. Scheduled polls never wait.',
			displayOptions: { show: { '/source': ['newGeneration'] } },
		},
		{
			displayName: 'Include Failed Tasks',
			name: 'includeFailed',
			type: 'boolean',
			default: false,
			description:
				'Whether failed tasks also start the workflow (with errorCode, errorMessage and creditsRefunded). Off: they are skipped and logged.',
		},
		...shared('concurrency'),
		...updateDisplayOptions({ show: { '/source': ['newGeneration'] } }, shared('maxCreditsPerItem')),
		...shared('maxFileSizeMb'),
		{
			displayName: 'Max Tasks in Flight',
			name: 'maxInFlight',
			type: 'number',
			default: DEFAULT_MAX_IN_FLIGHT,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many submitted tasks may be unfinished at once. A poll submits nothing new while this many are still running.',
			displayOptions: { show: { '/source': ['newGeneration'] } },
		},
		...updateDisplayOptions({ show: { '/source': ['newGeneration'] } }, shared('providerInput')),
		...shared('timeoutSeconds'),
	],
};

export const triggerProperties: INodeProperties[] = [
	sourceField,
	mediaField,
	operationField,
	...updateDisplayOptions({ show: newGeneration }, imageFields),
	...updateDisplayOptions({ show: newGeneration }, videoFields),
	taskIdsField,
	triggerOptions,
];
