#!/usr/bin/env node
// Checks that no export of the linked WebAssembly runs the static constructors again.
//
//   node scripts/check-constructors.mjs FILE.wasm...
//
// Unless a module calls `__wasm_call_ctors` itself, the WebAssembly linker wraps every exported
// function in a call to it, named `<export>.command_export`; in the worker with WebGPU that was
// 40 % of a training step (src/startup.rs). The files to check are the linker's output, before
// wasm-bindgen and wasm-opt, which still has the function names ("name" section).
import { readFileSync } from 'node:fs';

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** The function names of a module's "name" section, or null where it has none. */
function functionNames(bytes) {
  const text = new TextDecoder();
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at];
    let size;
    [size, at] = leb(bytes, at + 1);
    const end = at + size;
    if (id === 0) {
      let length;
      [length, at] = leb(bytes, at);
      const name = text.decode(bytes.subarray(at, at + length));
      at += length;
      if (name === 'name') {
        while (at < end) {
          const sub = bytes[at];
          let subSize;
          [subSize, at] = leb(bytes, at + 1);
          if (sub === 1) {
            const names = [];
            let count, p = at;
            [count, p] = leb(bytes, p);
            for (let i = 0; i < count; i++) {
              let len;
              [, p] = leb(bytes, p);
              [len, p] = leb(bytes, p);
              names.push(text.decode(bytes.subarray(p, p + len)));
              p += len;
            }
            return names;
          }
          at += subSize;
        }
        return null;
      }
    }
    at = end;
  }
  return null;
}

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: check-constructors.mjs FILE.wasm...');
let failed = false;
for (const file of files) {
  const names = functionNames(readFileSync(file));
  if (!names) {
    console.error(`${file}: no function names to check (was the "name" section stripped?)`);
    failed = true;
    continue;
  }
  const wrapped = names.filter((n) => n.endsWith('.command_export'));
  if (wrapped.length > 0) {
    console.error(`${file}: ${wrapped.length} exports run the static constructors on every call, e.g. ${wrapped.slice(0, 3).join(', ')}`);
    failed = true;
  } else {
    console.log(`${file}: ${names.length} functions, no export runs the static constructors again`);
  }
}
process.exit(failed ? 1 : 0);
