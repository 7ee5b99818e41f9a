/**
 * The workflows the benchmark compares, as n8n stores them. All start from a Manual Trigger whose
 * items (one per prompt) are pinned, as a user testing in the editor would do.
 */
import type { IConnections, IDataObject, INode, INodeParameters, IPinData, IWorkflowBase } from 'n8n-workflow';

import { nodeTypeName } from '../engine/node-types';
import { CREDENTIAL_TYPE } from '../engine/workflows';

export const TRIGGER = 'When clicking ‘Execute workflow’';
export const HEADER_CREDENTIAL_TYPE = 'httpHeaderAuth';

/** One prompt of the batch; `endpoint` and `body` are what a hand-built HTTP Request sends. */
export interface BenchItem {
	i: number;
	kind: 'image' | 'video';
	prompt: string;
	endpoint: string;
	body: { model: string; prompt: string; aspectRatio: string; inputMode?: string; duration?: number };
}

type NodeSpec = Omit<INode, 'id' | 'typeVersion' | 'position'> & { typeVersion?: number };

function workflow(name: string, specs: NodeSpec[], edges: Array<[string, string, number?, number?]>): IWorkflowBase {
	const nodes: INode[] = specs.map((spec, index) => ({
		typeVersion: 1,
		...spec,
		id: `bench-${index}`,
		position: [index * 220, 0],
	}));
	const connections: IConnections = {};
	for (const [from, to, output = 0, input = 0] of edges) {
		const outputs = ((connections[from] ??= { main: [] }).main ??= []);
		while (outputs.length <= output) outputs.push([]);
		outputs[output]!.push({ node: to, type: 'main', index: input });
	}
	return {
		id: `bench-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

export const pinnedItems = (items: Array<BenchItem | IDataObject>): IPinData => ({
	[TRIGGER]: items.map((item) => ({ json: { ...item } as IDataObject })),
});

const trigger: NodeSpec = { name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', parameters: {} };

/** n8n's IF node (v2.2) with one "equals" condition. */
function ifEquals(name: string, leftValue: string, rightValue: string | number): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{ id: name, leftValue, rightValue, operator: { type: typeof rightValue === 'number' ? 'number' : 'string', operation: 'equals' } },
				],
				combinator: 'and',
			},
			options: {},
		},
	};
}

const isVideo = (name: string) => ifEquals(name, '={{ $json.kind }}', 'video');

const ourCredentials = { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'GPT Image 2 API account' } };

function ourNode(name: string, parameters: INodeParameters): NodeSpec {
	return { name, type: nodeTypeName('gptImage2Api'), parameters, credentials: ourCredentials };
}

const imageParameters = (waitForCompletion: boolean): INodeParameters => ({
	resource: 'image',
	operation: 'generate',
	model: 'gpt-image-2',
	prompt: '={{ $json.prompt }}',
	aspectRatio: '1:1',
	waitForCompletion,
	options: {},
});

const videoParameters = (waitForCompletion: boolean): INodeParameters => ({
	resource: 'video',
	operation: 'generate',
	model: 'veo3_lite',
	prompt: '={{ $json.prompt }}',
	inputMode: 'text_to_video',
	duration: 8,
	aspectRatio: '16:9',
	waitForCompletion,
	options: {},
});

/**
 * (a) Our node as most users will place it: the resource is fixed per node, so a mixed batch
 * goes through an IF into an image node and a video node, both with Wait for Completion on.
 */
export function oursWorkflow(): IWorkflowBase {
	return workflow(
		'Ours: Generate with Wait for Completion',
		[trigger, isVideo('Is video?'), ourNode('Generate Video', videoParameters(true)), ourNode('Generate Image', imageParameters(true))],
		[
			[TRIGGER, 'Is video?'],
			['Is video?', 'Generate Video', 0],
			['Is video?', 'Generate Image', 1],
		],
	);
}

/**
 * (a') Our node for a mixed batch: submit without waiting, then one Task → Wait for Completion
 * node waits for every task at once.
 */
export function oursSubmitThenWaitWorkflow(): IWorkflowBase {
	return workflow(
		'Ours: submit, then Wait for Completion',
		[
			trigger,
			isVideo('Is video?'),
			ourNode('Submit Video', videoParameters(false)),
			ourNode('Submit Image', imageParameters(false)),
			{ name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3, parameters: {} },
			ourNode('Wait for Results', { resource: 'task', operation: 'waitForCompletion', taskId: '={{ $json.taskId }}', options: {} }),
		],
		[
			[TRIGGER, 'Is video?'],
			['Is video?', 'Submit Video', 0],
			['Is video?', 'Submit Image', 1],
			['Submit Video', 'Merge', 0, 0],
			['Submit Image', 'Merge', 0, 1],
			['Merge', 'Wait for Results'],
		],
	);
}

const headerAuth = { [HEADER_CREDENTIAL_TYPE]: { id: 'cred-header', name: 'GPT Image 2 API key (header)' } };

/** The hand-built loop's nodes: submit → Wait → get task → IF pending (→ Wait) → download. */
function loopNodes(baseUrl: string, waitSeconds: number): NodeSpec[] {
	return [
		{
			name: 'Submit',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `={{ "${baseUrl}" + $json.endpoint }}`,
				authentication: 'genericCredentialType',
				genericAuthType: HEADER_CREDENTIAL_TYPE,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json.body) }}',
				options: {},
			},
			credentials: headerAuth,
		},
		{
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			parameters: { amount: waitSeconds, unit: 'seconds' },
		},
		{
			name: 'Get Task',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `=${baseUrl}/api/ai/tasks/{{ $json.taskId }}`,
				authentication: 'genericCredentialType',
				genericAuthType: HEADER_CREDENTIAL_TYPE,
				options: {},
			},
			credentials: headerAuth,
		},
		ifEquals('Still pending?', '={{ $json.status }}', 0),
		{
			name: 'Download',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			// No credential: the key must not go to the file host.
			parameters: {
				url: '={{ $json.videoUrl || $json.imageUrls[0] }}',
				options: { response: { response: { responseFormat: 'file' } } },
			},
		},
	];
}

const loopEdges: Array<[string, string, number?, number?]> = [
	['Submit', 'Wait'],
	['Wait', 'Get Task'],
	['Get Task', 'Still pending?'],
	['Still pending?', 'Wait', 0],
	['Still pending?', 'Download', 1],
];

/** (b) All items move through the loop together. */
export function loopWorkflow(baseUrl: string, waitSeconds: number): IWorkflowBase {
	return workflow('Loop: HTTP Request + Wait + IF', [trigger, ...loopNodes(baseUrl, waitSeconds)], [[TRIGGER, 'Submit'], ...loopEdges]);
}

/** (c) The same loop inside Loop Over Items (batch size 1): one prompt at a time. */
export function oneAtATimeWorkflow(baseUrl: string, waitSeconds: number): IWorkflowBase {
	return workflow(
		'Loop Over Items: one prompt at a time',
		[
			trigger,
			{ name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: 1, options: {} } },
			...loopNodes(baseUrl, waitSeconds),
		],
		[[TRIGGER, 'Loop Over Items'], ['Loop Over Items', 'Submit', 1], ...loopEdges, ['Download', 'Loop Over Items']],
	);
}

/** Memory case: one video generated and downloaded by our node. */
export function videoWorkflow(): IWorkflowBase {
	return workflow('Ours: one video', [trigger, ourNode('Generate Video', videoParameters(true))], [[TRIGGER, 'Generate Video']]);
}

/** Memory case: n8n's HTTP Request node downloading one file (response format: file). */
export function httpDownloadWorkflow(): IWorkflowBase {
	const download = loopNodes('', 5).find((node) => node.name === 'Download')!;
	return workflow('HTTP Request: download one file', [trigger, download], [[TRIGGER, 'Download']]);
}
