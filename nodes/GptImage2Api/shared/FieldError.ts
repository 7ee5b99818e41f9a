/** A problem with one field of one item, found before anything was sent (so nothing was charged). */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly hint?: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'FieldError';
	}
}
