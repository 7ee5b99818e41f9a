import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { mp4Boxes } from '../simulator/helpers';

/** Decodes result bytes the way a user's next node would, proving they are real media. */
export function decodeImage(bytes: Buffer): { format: 'png' | 'jpeg'; width: number; height: number } {
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		const png = PNG.sync.read(bytes);
		return { format: 'png', width: png.width, height: png.height };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xd8) {
		const image = jpeg.decode(bytes, { useTArray: true });
		return { format: 'jpeg', width: image.width, height: image.height };
	}
	throw new Error(`Not a PNG or JPEG (starts with ${bytes.subarray(0, 8).toString('hex')})`);
}

/** Top-level MP4 box types, in order; throws if the boxes do not tile the file exactly. */
export function mp4BoxTypes(bytes: Buffer): string[] {
	return mp4Boxes(bytes).map(([type]) => type);
}
