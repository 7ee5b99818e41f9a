import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../shared/FieldError';
import { ApiProblem } from './api';

export type NodeError = NodeApiError | NodeOperationError;

/**
 * The n8n error the user sees for anything the task engine throws — for the action node (with
 * the item) and the trigger (with the task) alike.
 */
export function toNodeError(node: INode, error: unknown, where: { itemIndex?: number; taskId?: string } = {}): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const { itemIndex, taskId } = where;
	const item = itemIndex !== undefined ? ` [item ${itemIndex}]` : '';
	if (error instanceof FieldError) {
		return new NodeOperationError(node, `${error.message}${item}`, {
			itemIndex,
			description: error.hint ?? 'Nothing was sent, so no credits were spent.',
		});
	}
	if (error instanceof ApiProblem) {
		const message = `${error.message}${taskId ? ` (task ${taskId})` : ''}${item}`;
		const { status, description } = error.details;
		// With no HTTP answer, NodeApiError would swap the message for generic advice about the
		// connection code, losing what matters here (e.g. "after the request was sent").
		if (!status) return new NodeOperationError(node, message, { itemIndex, description });
		// Only our message: given an error code, NodeApiError would also swap in n8n's wording.
		return new NodeApiError(node, { message: error.message }, { itemIndex, message, description, httpCode: String(status) });
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
