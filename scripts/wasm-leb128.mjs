// The unsigned LEB128 number at `at` in a WASM module's bytes, and where the next field starts:
// how the format writes every size, count and index. Shared by the size scripts.
export function leb128(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
