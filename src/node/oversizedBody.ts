/**
 * Node only: a body declared larger than the app accepts is read to its end and thrown away before the 413
 * is sent. Answering first and closing makes the kernel reset a connection that still has unread bytes, so
 * a client that sends the whole body before reading (Python's urllib, many scripts) saw a broken pipe and
 * never the status. Reading is bounded in bytes and time; past either bound the answer goes out and the
 * connection is closed anyway.
 */
import type { Readable } from 'node:stream';

export interface DiscardLimits {
  readonly maxBytes: number;
  readonly maxMs: number;
}

/** The body's declared length, or undefined when it is not declared (chunked) or not a whole number. */
export function declaredLength(headers: Headers): number | undefined {
  const v = headers.get('content-length');
  return v !== null && /^\d+$/.test(v) && !headers.has('transfer-encoding') ? Number(v) : undefined;
}

/** Reads the rest of the body and drops it; true when it was read to its end within the limits. */
export function discardBody(incoming: Readable, limits: DiscardLimits): Promise<boolean> {
  if (incoming.readableEnded) return Promise.resolve(true);
  if (incoming.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let read = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      incoming.off('data', onData).off('end', onEnd).off('error', onFail).off('close', onFail);
      if (!whole) incoming.pause();
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limits.maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const timer = setTimeout(onFail, limits.maxMs);
    incoming.on('data', onData).on('end', onEnd).on('error', onFail).on('close', onFail);
    incoming.resume();
  });
}
