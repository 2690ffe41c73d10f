/** A stream's bytes joined, read to its end or until they pass `maxBytes`. */

/**
 * The bytes of `stream`, or 'too-large' once more than `maxBytes` have come (the rest is not read). A failing
 * stream throws its error. The cancel is not awaited: a tee'd copy's cancel settles only once the original
 * is cancelled too, and nothing here needs to wait for it.
 */
export async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return 'too-large';
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
