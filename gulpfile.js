'use strict';

const { src, dest, task } = require('gulp');

/**
 * Copy node and credential icons next to the compiled JavaScript, keeping the
 * folder structure: nodes/Foo/foo.svg -> dist/nodes/Foo/foo.svg.
 * `encoding: false` (gulp 5) keeps binary files such as PNGs byte-for-byte intact.
 */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
		allowEmpty: true,
	}).pipe(dest('dist'));
}

task('build:icons', copyIcons);
