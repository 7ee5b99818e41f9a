const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The API host from the credential. The key is sent there, so anything but https is refused,
 * except a local server on the loopback interface (self-hosted dev server, the simulator).
 * Returns an error text instead of throwing, so each caller can wrap it its own way.
 */
export function parseBaseUrl(value: unknown, fallback: string): { url: string } | { error: string } {
	const raw = (typeof value === 'string' && value.trim() !== '' ? value : fallback).trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { error: `The credential's Base URL "${raw}" is not a valid URL` };
	}
	if (url.protocol === 'https:') return { url: raw };
	if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return { url: raw };
	return {
		error: `The credential's Base URL must use https:// (plain http is only allowed for localhost / 127.0.0.1), got "${url.protocol}//${url.host}"`,
	};
}
