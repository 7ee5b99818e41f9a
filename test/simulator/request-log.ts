/** Everything both servers received, with the API key masked; raw values kept privately for leak checks. */
import type { IncomingMessage } from 'node:http';
import type { ServerName } from './faults';

export interface LoggedRequest {
	server: ServerName;
	method: string;
	/** Path without the query string. */
	path: string;
	/** Full request target, query included. */
	url: string;
	headers: Record<string, string>;
	hadAuthorization: boolean;
	/** Parsed JSON when it parses, the raw text otherwise, undefined when empty. */
	body: unknown;
	at: number;
}

export function maskAuthorization(value: string): string {
	const m = /^(\S+)\s+(.*)$/.exec(value);
	if (!m) return '***';
	return `${m[1]} ${m[2].slice(0, 3)}…***`;
}

function parseBody(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

export class RequestLog {
	readonly entries: LoggedRequest[] = [];
	/** Unmasked header values and URLs per server, never exposed directly. */
	private readonly raw: Record<ServerName, string[]> = { api: [], files: [] };

	record(server: ServerName, req: IncomingMessage, rawBody: string): LoggedRequest {
		const url = req.url ?? '/';
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) {
			if (value === undefined) continue;
			const text = Array.isArray(value) ? value.join(', ') : value;
			headers[name] = name === 'authorization' ? maskAuthorization(text) : text;
			this.raw[server].push(text);
		}
		this.raw[server].push(url);
		const entry: LoggedRequest = {
			server,
			method: req.method ?? 'GET',
			path: url.split('?')[0],
			url,
			headers,
			hadAuthorization: req.headers.authorization !== undefined,
			body: parseBody(rawBody),
			at: Date.now(),
		};
		this.entries.push(entry);
		return entry;
	}

	requestsTo(server: ServerName, method?: string, pathPrefix?: string): LoggedRequest[] {
		return this.entries.filter(
			(e) =>
				e.server === server &&
				(method === undefined || e.method === method.toUpperCase()) &&
				(pathPrefix === undefined || e.path.startsWith(pathPrefix)),
		);
	}

	/** True if the key appeared anywhere in a header value or URL sent to that server. */
	saw(server: ServerName, key: string): boolean {
		return key !== '' && this.raw[server].some((v) => v.includes(key));
	}

	clear(): void {
		this.entries.length = 0; // keep the array identity: handles expose it live
		this.raw.api.length = 0;
		this.raw.files.length = 0;
	}
}
