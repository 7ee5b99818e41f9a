import type { IAllExecuteFunctions, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FIELD } from '../shared/submission';
import { parseBaseUrl } from './baseUrl';
import type { TaskContext } from './context';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL } from './context';

export type ProblemKind =
	| 'invalid' // 400
	| 'unauthorized' // 401
	| 'credits' // 402
	| 'notFound' // 404
	| 'rateLimited' // 429
	| 'server' // 5xx
	| 'malformed' // not the JSON we expect
	| 'network'; // no HTTP answer at all

/** A failed API call, classified so callers can decide whether trying again is safe. */
export class ApiProblem extends Error {
	constructor(
		readonly kind: ProblemKind,
		message: string,
		readonly details: {
			status?: number;
			code?: string;
			retryAfterMs?: number;
			/** True when the request surely never reached the API (e.g. connection refused). */
			notSent?: boolean;
			description?: string;
		} = {},
	) {
		super(message);
		this.name = 'ApiProblem';
	}

	/** A GET may always be repeated; these answers are worth another try. */
	get transient(): boolean {
		return ['rateLimited', 'server', 'malformed', 'network'].includes(this.kind);
	}
}

// API body field → the node field the user sees.
const FIELD_NAMES: Record<string, string> = {
	prompt: FIELD.prompt,
	model: FIELD.model,
	inputImageUrls: FIELD.imageUrls,
	inputMode: FIELD.inputMode,
	aspectRatio: FIELD.aspectRatio,
	resolution: FIELD.resolution,
	duration: FIELD.duration,
	providerInput: FIELD.providerInput,
};

function describeValidation(body: IDataObject): string {
	const details = (body.details ?? {}) as { fieldErrors?: Record<string, string[]>; formErrors?: string[] };
	const parts = Object.entries(details.fieldErrors ?? {}).map(
		([field, messages]) => `${FIELD_NAMES[field] ?? field}: ${(messages ?? []).join('; ')}`,
	);
	parts.push(...(details.formErrors ?? []));
	return parts.length ? parts.join(' · ') : String(body.error ?? 'Invalid request');
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

// Words, not codes: n8n replaces any message that contains a raw error code with generic advice.
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection was closed while sending',
};

function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function problemFromStatus(status: number, body: IDataObject, headers: IDataObject): ApiProblem {
	const apiMessage = typeof body.error === 'string' ? body.error : undefined;
	switch (status) {
		case 400:
			return new ApiProblem('invalid', `The API refused the request: ${describeValidation(body)}`, { status });
		case 401:
			return new ApiProblem('unauthorized', 'The API key was rejected (401 Unauthorized)', {
				status,
				description: 'Check the API key in the GPT Image 2 API credential.',
			});
		case 402: {
			const required = typeof body.required === 'number' ? ` ${body.required}` : '';
			return new ApiProblem('credits', `Not enough credits: this task needs${required} credits (nothing was charged)`, {
				status,
				description: 'Top up the account balance, then run again.',
			});
		}
		case 404:
			return new ApiProblem('notFound', 'Task not found: the ID is unknown or belongs to another account (404)', { status });
		case 429:
			return new ApiProblem('rateLimited', 'The API is rate limiting requests (429)', {
				status,
				retryAfterMs: parseRetryAfter(headers['retry-after']),
			});
		default:
			return new ApiProblem(
				status >= 500 ? 'server' : 'malformed',
				`The API answered ${status}${apiMessage ? `: ${apiMessage}` : ''}`,
				{ status, retryAfterMs: parseRetryAfter(headers['retry-after']) },
			);
	}
}

function parseBody(body: unknown): IDataObject | undefined {
	if (typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body)) return body as IDataObject;
	const textBody = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof textBody !== 'string' || textBody.trim() === '') return undefined;
	try {
		const parsed = JSON.parse(textBody) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

export interface ApiCall {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	timeoutMs: number;
}

/** The API host from the credential, checked before any request carries the key. */
export async function resolveBaseUrl(ctx: TaskContext): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const parsed = parseBaseUrl(credentials.baseUrl, DEFAULT_BASE_URL);
	if ('error' in parsed) throw new NodeOperationError(ctx.getNode(), parsed.error);
	return parsed.url;
}

/** One authenticated JSON call to the API host; any non-2xx answer becomes an ApiProblem. */
export async function callApi(ctx: TaskContext, baseURL: string, call: ApiCall): Promise<IDataObject> {
	const options: IHttpRequestOptions = {
		baseURL,
		url: call.url,
		method: call.method,
		json: true,
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs,
	};
	if (call.body) options.body = call.body;
	let response: { statusCode: number; body: unknown; headers: IDataObject };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(ctx as IAllExecuteFunctions, CREDENTIAL_TYPE, options);
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause;
		const code = (error as { code?: string }).code ?? cause?.code;
		const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String((error as Error).message));
		return Promise.reject(
			new ApiProblem(
				'network',
				timedOut
					? `No answer from the API within ${Math.round(call.timeoutMs / 1000)} s`
					: `Could not reach the API: ${(code && NETWORK_WORDS[code]) ?? 'no answer'}`,
				{ code: timedOut ? 'ETIMEDOUT' : code, notSent: code !== undefined && NOT_SENT_CODES.has(code) },
			),
		);
	}
	const body = parseBody(response.body);
	const headers = response.headers ?? {};
	if (response.statusCode >= 200 && response.statusCode < 300) {
		if (!body) throw new ApiProblem('malformed', 'The API answered with a body that is not a JSON object', { status: response.statusCode });
		return body;
	}
	throw problemFromStatus(response.statusCode, body ?? {}, headers);
}
