/** ULID-shaped task ids (`tsk_` + 26 Crockford base32 chars): time-sortable like the real ones, never repeating. */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTaskId(now = Date.now()): string {
	let time = '';
	let t = now;
	for (let i = 0; i < 10; i++) {
		time = CROCKFORD[t % 32] + time;
		t = Math.floor(t / 32);
	}
	let rand = '';
	for (const b of randomBytes(16)) rand += CROCKFORD[b % 32];
	return `tsk_${time}${rand}`;
}
