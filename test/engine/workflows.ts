import type { INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { nodeTypeName } from './node-types';
import { TEST_NODE_PREFIX } from './test-nodes';

export const NODE_NAME = 'GPT Image 2 API';
export const CREDENTIAL_TYPE = 'gptImage2Api';

/** Workflow JSON as n8n stores it: Test Items → GPT Image 2 API (with a credential reference). */
export function nodeWorkflow(parameters: INodeParameters, items: object[] = [{}], settings: { continueOnFail?: boolean } = {}): IWorkflowBase {
	return {
		id: 'wf-node',
		name: 'GPT Image 2 API test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
		nodes: [
			{
				id: 'items',
				name: 'Items',
				type: `${TEST_NODE_PREFIX}.testItems`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: JSON.stringify(items) },
			},
			{
				id: 'node',
				name: NODE_NAME,
				type: nodeTypeName('gptImage2Api'),
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'GPT Image 2 API account' } },
				...(settings.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Items: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

export const simCredentials = (baseUrl: string, apiKey: string) => ({ [CREDENTIAL_TYPE]: { apiKey, baseUrl } });
