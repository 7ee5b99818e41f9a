import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, jsonParse } from 'n8n-workflow';

/**
 * Test-only start node: emits the items given as JSON, so a workflow can feed any input to
 * the node under test (n8n's Manual Trigger plus pinned data would do the same in the editor).
 */
export class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['input'],
		version: 1,
		description: 'Emits the given items',
		defaults: { name: 'Test Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items (JSON)', name: 'items', type: 'json', default: '[{}]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = (typeof raw === 'string' ? jsonParse(raw) : raw) as object[];
		return [items.map((json, index) => ({ json: json as INodeExecutionData['json'], pairedItem: { item: index } }))];
	}
}

/**
 * Stand-in for n8n's Manual Trigger (`n8n-nodes-base.manualTrigger`), so the example workflows —
 * saved exactly as n8n exports them — run here unchanged: like the real one, it emits one empty item.
 */
export class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the workflow when you click Execute',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

export const TEST_NODE_PREFIX = 'test';
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
