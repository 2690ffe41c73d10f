/**
 * What Node's HTTP parser refuses before the app sees a request, answered with a reason instead of Node's
 * bare `400` / `431` with no body: a spreadsheet cell (and the planner reading it) gets a sentence to act on.
 *
 * - Raw bytes above 0x7F in the URL (a formula that put 金额 or 五千 in the URL without ENCODEURL): 400
 *   url-not-encoded. workerd reads such a URL; Node's parser does not.
 * - Over maxHeaderSize: 414 url-too-long when the request line is what is long (no line end in the first
 *   MAX_REQUEST_LINE bytes), else 431 headers-too-large.
 * - Anything else malformed: 400 request-unreadable; a timeout stays Node's bare 408; a connection already
 *   answering or gone is closed.
 *
 * With `errors=text` in the raw URL (as the door reads it: any case, blanks around), the answer is the same
 * one line the door gives (200 text/plain). Best effort: the parser hands over the bytes of the packet it
 * failed in (err.rawPacket), which for a URL split over several TCP packets may not hold `errors=text`.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { message } from '../messages/index.js';
import { errorLine } from '../api/sheets/door.js';
import { problemBody } from '../api/problem.js';

/**
 * The request line and headers Node reads at most. Node's default is 16 KB; a GET form with inline rows or
 * many options can pass it, and workerd (the Worker entry) takes more than 20 KB, so the same URL works on
 * both up to here. Each connection holds at most this much while its head is read.
 */
export const MAX_HEADER_BYTES = 32 * 1024;

/** A request line longer than this, with the head over the limit, is a long URL (414) rather than big headers (431). */
const MAX_REQUEST_LINE = 8 * 1024;

type Problem = Parameters<typeof errorLine>[0] & { title?: string; title_zh?: string };

interface ParseError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** The status, the problem and whether the raw request asked for errors=text, for a parser's error; undefined: no answer to give. */
export function clientErrorAnswer(err: ParseError): { status: number; body: Problem; text: boolean } | undefined {
  const raw = err.rawPacket ? err.rawPacket.toString('latin1') : '';
  const end = raw.indexOf('\r\n');
  const line = end < 0 ? raw : raw.slice(0, end);
  const target = line.split(' ')[1] ?? line;
  const m = /[?&]errors=([^&#\s]*)/i.exec(target);
  const text =
    m !== null &&
    m[1]
      .replace(/%20|\+/gi, ' ')
      .trim()
      .toLowerCase() === 'text';
  const kilobytes = MAX_HEADER_BYTES / 1024;
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const longLine = end < 0 || end > MAX_REQUEST_LINE;
    const detail = longLine ? message('url-too-long', { kilobytes }) : message('headers-too-large', { kilobytes });
    const status = longLine ? 414 : 431;
    const body: Problem = {
      type: longLine ? '/problems/uri-too-long' : '/problems/headers-too-large',
      title: longLine ? 'The URL is too long' : 'The request headers are too large',
      title_zh: longLine ? '网址过长' : '请求头过大',
      status,
      code: detail.code,
      detail: detail.en,
      detail_zh: detail.zh,
    };
    return { status, body, text };
  }
  if (typeof err.code === 'string' && err.code.startsWith('HPE_')) {
    // a byte above 0x7F in the request line: a value not percent-encoded
    const detail = /[^\x00-\x7f]/.test(line) ? message('url-not-encoded') : message('request-unreadable');
    return { status: 400, body: problemBody('bad-request', detail), text };
  }
  return undefined;
}

const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/** The http server's 'clientError' listener: a full HTTP answer written on the socket, which is then closed. */
export function answerClientError(err: ParseError, socket: Duplex): void {
  const busy = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    return;
  }
  const answer = clientErrorAnswer(err);
  const status = answer ? (answer.text ? 200 : answer.status) : 400;
  const type = answer?.text ? 'text/plain; charset=utf-8' : 'application/problem+json; charset=utf-8';
  const content = answer ? Buffer.from(answer.text ? errorLine(answer.body) : JSON.stringify(answer.body)) : Buffer.alloc(0);
  const head = [
    `HTTP/1.1 ${status} ${REASONS[status]}`,
    ...(answer ? [`Content-Type: ${type}`] : []),
    `Content-Length: ${content.length}`,
    'Cache-Control: no-cache',
    'Connection: close',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), content]));
}

/**
 * A 304 (or 204) carries no Content-Type (docs/contract.md § Memory). @hono/node-server gives every answer one
 * ("text/plain; charset=UTF-8" when the Response has none), so it is taken off here, as it is written.
 */
export function noTypeWithoutBody(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 304 || status === 204) {
      const headers = rest.at(-1);
      if (headers !== null && typeof headers === 'object' && !Array.isArray(headers)) {
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete (headers as Record<string, unknown>)[k];
      }
      this.removeHeader('content-type');
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}
