import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { problem, ProblemError, type ProblemDetails } from '../problems';

/** How much of a body is read, and what answers a body over it (the JSON API's 413 and EPCIS capture's differ). */
export interface BodyLimit {
  bytes: number;
  tooLarge: () => ProblemDetails;
  /** The charsets a body may be sent in: UTF only (JSON), or any the platform decodes (EPCIS capture text). */
  charsets: 'utf' | 'any';
}

const unsupportedEncoding = () => new ProblemError(problem('unsupported-encoding', 'send the body as UTF-8 JSON'));

/**
 * The body of a request as text: inflated when it came gzip, deflate or br encoded, decoded from
 * its declared charset (UTF-8 by default, a byte-order mark dropped), and refused with the limit's
 * problem as soon as it grows past the limit (before reading, when Content-Length says so). These
 * are the answers the JSON API has always given: 413 over the limit, 415 for an encoding or
 * charset it cannot read, 400 for a body cut short or corrupt.
 */
export function readBodyText(request: IncomingMessage, limit: BodyLimit): Promise<string> {
  let decode: (bytes: Buffer) => string;
  let stream: Readable;
  try {
    decode = decoderFor(charsetOf(request.headers['content-type']), limit.charsets);
    stream = inflated(request);
  } catch (error) {
    return Promise.reject(error);
  }
  if (stream === request && Number(request.headers['content-length']) > limit.bytes) return Promise.reject(new ProblemError(limit.tooLarge()));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: ProblemError | null) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      request.off('aborted', onAborted);
      if (stream !== request) stream.destroy();
      if (error) reject(error);
      else resolve(decode(Buffer.concat(chunks, received)));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit.bytes) finish(new ProblemError(limit.tooLarge()));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(new ProblemError(problem('unreadable-body', `the request body could not be read: ${error.message}`)));
    const onAborted = () => finish(new ProblemError(problem('unreadable-body', 'request aborted')));
    stream.on('data', onData).on('end', onEnd).on('error', onError);
    request.on('aborted', onAborted);
  });
}

/** The request stream, through an inflater when the body is compressed. */
function inflated(request: IncomingMessage): Readable {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const inflater = encoding === 'identity' ? null : encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (inflater === undefined) throw unsupportedEncoding();
  if (inflater === null) return request;
  request.on('error', (error) => inflater.destroy(error));
  return request.pipe(inflater);
}

function charsetOf(contentType: string | undefined): string {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match ? match[1].toLowerCase() : 'utf-8';
}

function decoderFor(charset: string, allowed: BodyLimit['charsets']): (bytes: Buffer) => string {
  if (charset === 'utf-8' || charset === 'utf8') return (bytes) => withoutBom(bytes.toString('utf8'));
  if (allowed === 'utf' && !charset.startsWith('utf-')) throw unsupportedEncoding();
  try {
    const decoder = new TextDecoder(charset);
    return (bytes) => decoder.decode(bytes);
  } catch {
    throw unsupportedEncoding();
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
