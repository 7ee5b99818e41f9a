import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { parseBaseUrl } from './execution/baseUrl';
import { DEFAULT_BASE_URL } from './execution/context';
import { taskPath } from './execution/wait';

/**
 * The API has no "who am I" endpoint, so ask for a task that cannot exist: 404 means the key
 * was accepted (and the task simply unknown), 401 means the key was rejected.
 */
export async function gptImage2ApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const parsed = parseBaseUrl(data.baseUrl, DEFAULT_BASE_URL);
	if ('error' in parsed) return { status: 'Error', message: parsed.error };
	const apiKey = typeof data.apiKey === 'string' ? data.apiKey.trim() : '';
	if (!apiKey) return { status: 'Error', message: 'The API key is empty' };

	let response: { statusCode: number; body: unknown };
	try {
		// A credential test context offers only `request`; n8n's tester passes no other helper.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			method: 'GET',
			uri: `${parsed.url}${taskPath('tsk_n8n_credential_check')}`,
			headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15_000,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
		return { status: 'Error', message: `Could not reach ${parsed.url}${code ? ` (${code})` : ''}` };
	}
	switch (response.statusCode) {
		case 404:
			return { status: 'OK', message: 'Connection successful: the API key was accepted' };
		case 401:
			return { status: 'Error', message: 'The API key was rejected (401 Unauthorized)' };
		default: {
			const body = response.body as { error?: unknown } | undefined;
			const detail = typeof body?.error === 'string' ? `: ${body.error}` : '';
			return { status: 'Error', message: `Unexpected answer from ${parsed.url}: HTTP ${response.statusCode}${detail}` };
		}
	}
}
