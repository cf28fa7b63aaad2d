// Trunk post-build hook: puts the hash of each inline script of the built page into its
// Content-Security-Policy, in place of the marker `'inline-script-hashes'` in index.html.
//
// Trunk writes the page's loader as an inline module script whose text names the build's hashed
// file names, so its hash changes with every build and cannot be written by hand. Allowing it by
// hash (rather than with 'unsafe-inline') means no other inline script, injected or not, runs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = "'inline-script-hashes'";
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('csp-hashes: TRUNK_STAGING_DIR is not set (this runs as a Trunk post_build hook)');
  process.exit(1);
}
const file = join(staging, 'index.html');
const html = readFileSync(file, 'utf8');
if (!html.includes(MARKER)) {
  console.error(`csp-hashes: ${file} has no ${MARKER} marker in its Content-Security-Policy`);
  process.exit(1);
}

// Inline scripts: a <script> tag without a src attribute. The hash covers the exact text
// between the tags, as the browser sees it.
const hashes = [];
for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const [, attributes, text] = match;
  if (/\bsrc\s*=/i.test(attributes)) continue;
  hashes.push(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) {
  console.error('csp-hashes: no inline script found; is this the page Trunk built?');
  process.exit(1);
}
writeFileSync(file, html.replaceAll(MARKER, hashes.join(' ')));
console.log(`csp-hashes: ${hashes.length} inline script(s) allowed by hash`);
