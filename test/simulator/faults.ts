/** Scripted misbehaviour. The first matching fault handles a request and loses one of its `times`. */

export type ServerName = 'api' | 'files';

export type FaultAction =
	/** Answer with this status instead of handling (nothing charged). Retry-After sent when retryAfterSeconds is set. */
	| { status: number; body?: unknown; retryAfterSeconds?: number }
	/** Wait, then handle normally. */
	| { delayMs: number }
	/** Destroy the socket without answering (nothing charged). */
	| { drop: true }
	/** Handle normally (a submit creates and charges the task), then destroy the socket instead of answering. */
	| { dropAfterAccept: true }
	/** Handle normally, then answer 200 with the JSON cut in half. */
	| { malformedJson: true }
	/** Announce the full Content-Length, send part of the body, then destroy the socket. */
	| { truncate: true }
	/** Handle normally, then merge these keys into the JSON object answered. */
	| { extraFields: Record<string, unknown> }
	/** Handle normally, then delete these keys from the JSON object answered. */
	| { omitFields: string[] };

export interface FaultSpec {
	server?: ServerName;
	method?: string;
	/** A string matches as a path prefix (query excluded); a RegExp is tested against the path. */
	path?: string | RegExp;
	/** Default 1. */
	times?: number;
	action: FaultAction;
}

interface Armed {
	spec: FaultSpec;
	left: number;
}

export class FaultQueue {
	private armed: Armed[] = [];

	add(spec: FaultSpec): void {
		this.armed.push({ spec, left: spec.times ?? 1 });
	}

	clear(): void {
		this.armed = [];
	}

	/** Faults not yet used up, with how many uses remain. */
	pending(): Array<FaultSpec & { remaining: number }> {
		return this.armed.map((a) => ({ ...a.spec, remaining: a.left }));
	}

	take(server: ServerName, method: string, path: string): FaultAction | undefined {
		const hit = this.armed.find((a) => matches(a.spec, server, method, path));
		if (!hit) return undefined;
		if (--hit.left <= 0) this.armed = this.armed.filter((a) => a !== hit);
		return hit.spec.action;
	}
}

function matches(spec: FaultSpec, server: ServerName, method: string, path: string): boolean {
	if (spec.server && spec.server !== server) return false;
	if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
	if (spec.path === undefined) return true;
	return typeof spec.path === 'string' ? path.startsWith(spec.path) : spec.path.test(path);
}
