import type { INodeProperties } from 'n8n-workflow';

import { runGenerate, runGetTask, runWaitForTask } from '../execution/operations';

/*
 * Routing: the endpoint of each operation is declared here. Declarative n8n has one hook that
 * wraps a whole request (the custom `pagination` function); each operation uses it to run its
 * task lifecycle — validate all items, submit, wait, download — as one bounded unit per item.
 */
export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'image',
	options: [
		{ name: 'Image', value: 'image' },
		{ name: 'Video', value: 'video' },
		{ name: 'Task', value: 'task', description: 'A task submitted earlier, by its ID' },
	],
};

const generateOperation = (resource: 'image' | 'video', action: string, description: string): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'generate',
	displayOptions: { show: { resource: [resource] } },
	options: [
		{
			name: 'Generate',
			value: 'generate',
			action,
			description,
			routing: {
				request: { method: 'POST', url: `/api/ai/${resource}/generate` },
				send: { paginate: true },
				operations: { pagination: runGenerate },
			},
		},
	],
});

export const operationFields: INodeProperties[] = [
	generateOperation('image', 'Generate an image', 'Create or edit an image from a prompt'),
	generateOperation('video', 'Generate a video', 'Create a video from a prompt or an image'),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'get',
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a task',
				description: 'Read the current state of a task once',
				routing: {
					request: { method: 'GET', url: '/api/ai/tasks' },
					send: { paginate: true },
					operations: { pagination: runGetTask },
				},
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a task to finish',
				description: 'Poll a task until it finishes, then download its results',
				routing: {
					request: { method: 'GET', url: '/api/ai/tasks' },
					send: { paginate: true },
					operations: { pagination: runWaitForTask },
				},
			},
		],
	},
];
