/** Result images: real, decodable, and distinct per (task, index) so clients can't mix them up unnoticed. */
import { createHash } from 'node:crypto';
import { encodeJpeg } from './jpeg';
import { encodePng } from './png';
import type { ImageFormat } from './price-table';

export const IMAGE_WIDTH = 64;
export const IMAGE_HEIGHT = 48;

export interface MediaFile {
	contentType: string;
	bytes: Buffer;
}

export function imageExtension(format: ImageFormat): string {
	return format === 'png' ? 'png' : 'jpg';
}

/** Hash-coloured blocks over a gradient: visibly different per seed, and the PNG row 0 carries the hash itself. */
export function renderPixels(seed: string, width = IMAGE_WIDTH, height = IMAGE_HEIGHT): Uint8Array {
	const h = createHash('sha256').update(seed).digest();
	const rgb = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const bx = x >> 3;
			const by = y >> 3;
			const o = (y * width + x) * 3;
			rgb[o] = (h[(bx * 3 + by) % 32] + x * 2) & 0xff;
			rgb[o + 1] = (h[(bx + by * 5 + 7) % 32] + y * 3) & 0xff;
			rgb[o + 2] = h[(bx * 7 + by * 3 + 13) % 32];
		}
	}
	for (let i = 0; i < 32 && i < width; i++) rgb[i * 3] = h[i];
	return rgb;
}

export function renderImage(taskId: string, index: number, format: ImageFormat): MediaFile {
	const seed = `${taskId}#${index}`;
	const rgb = renderPixels(seed);
	return format === 'png'
		? { contentType: 'image/png', bytes: encodePng(IMAGE_WIDTH, IMAGE_HEIGHT, rgb) }
		: { contentType: 'image/jpeg', bytes: encodeJpeg(IMAGE_WIDTH, IMAGE_HEIGHT, rgb, seed) };
}
