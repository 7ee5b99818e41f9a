import type { INodeProperties } from 'n8n-workflow';

const generate = { resource: ['image', 'video'], operation: ['generate'] };

export const DEFAULT_MAX_WAIT_SECONDS = 600;
export const DEFAULT_CONCURRENCY = 5;

export const taskFields: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'tsk_01J9…',
		description: 'The ID returned when the task was submitted',
		displayOptions: { show: { resource: ['task'] } },
	},
];

export const generateSwitches: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the task finishes and download the result as binary data. Off: output the task ID at once (resume later with Task → Wait for Completion or the trigger).',
		displayOptions: { show: generate },
	},
	{
		displayName: 'Estimate Only',
		name: 'estimateOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to only check every item and output its estimated credits, submitting nothing — put an approval step before the real run',
		displayOptions: { show: generate },
	},
];

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['image', 'video', 'task'] } },
	options: [
		{
			displayName: 'Binary Property Prefix',
			name: 'binaryPropertyName',
			type: 'string',
			default: '',
			placeholder: 'image',
			description:
				'Name of the binary property for the result file; several files get _0, _1, … appended. Empty: "image" for images, "video" for videos.',
			displayOptions: { hide: { '/operation': ['get'] } },
		},
		{
			displayName: 'Download Results',
			name: 'download',
			type: 'boolean',
			default: true,
			description: 'Whether to download finished results into binary data (off: output only their URLs)',
			displayOptions: { hide: { '/operation': ['get'] } },
		},
		{
			displayName: 'Max File Size (MB)',
			name: 'maxFileSizeMb',
			type: 'number',
			default: 2048,
			typeOptions: { minValue: 1 },
			description: 'A result file larger than this is not downloaded; the item keeps its task ID and URL',
			displayOptions: { hide: { '/operation': ['get'] } },
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'concurrency',
			type: 'number',
			default: DEFAULT_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many requests this node sends at once across all items. Every task still waits in parallel; this only paces the calls.',
		},
		{
			displayName: 'Max Credits per Item',
			name: 'maxCreditsPerItem',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: 'Refuse, before sending, any item whose estimated cost is above this. 0 means no cap.',
			displayOptions: { show: { '/operation': ['generate'] } },
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			default: DEFAULT_MAX_WAIT_SECONDS,
			typeOptions: { minValue: 1 },
			description:
				'How long to wait for a task before giving up waiting. A task still running then comes out with state "pending" and its ID, to resume later.',
			displayOptions: { hide: { '/operation': ['get'] } },
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1 },
			description:
				'How long to wait for one API answer. A submit that times out is reported, not repeated: the task may exist and be charged.',
		},
		{
			displayName: 'Provider Input',
			name: 'providerInput',
			type: 'json',
			default: '{}',
			description: 'Advanced: a JSON object passed unchanged to the upstream model provider',
			displayOptions: { show: { '/operation': ['generate'] } },
		},
	],
};
