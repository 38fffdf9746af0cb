/**
 * gRPC errors shaped the way KurrentDB's v2 API sends them: `RpcExceptions.FromError`
 * (src/KurrentDB.Api.V2/Infrastructure/Errors/RpcExceptions.cs) packs a `google.rpc.Status` into
 * the `grpc-status-details-bin` trailer with a `google.rpc.ErrorInfo` first and the error's own
 * details message after it. The client (1.3.1) reads that trailer with a singular `details` field,
 * so what it sees is the last detail: the specific one.
 */
import * as grpc from '@grpc/grpc-js';
import { BinaryWriter } from 'google-protobuf';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';

export interface StatusDetail {
  typeName: string;
  bytes: Uint8Array;
}

/** A status error with an ErrorInfo (reason) followed by `detail`, when there is one. */
export function richError(code: grpc.status, reason: string, message: string, detail?: StatusDetail): grpc.ServiceError {
  const details = [{ typeName: 'google.rpc.ErrorInfo', bytes: errorInfo(reason) }, ...(detail ? [detail] : [])];
  // A repeated field on the wire is the same field written once per element: one Status per detail.
  const parts = details.map((one, index) => {
    const status = new Status();
    if (index === 0) status.setCode(code as number).setMessage(message);
    const any = new Any();
    any.pack(one.bytes, one.typeName);
    return Buffer.from(status.setDetails(any).serializeBinary());
  });
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.concat(parts));
  return Object.assign(new Error(message), { code, details: message, metadata });
}

/** A plain status error, as the server's interceptors and v1 services answer. */
export function statusError(code: grpc.status, details: string, trailers: Record<string, string> = {}): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

/**
 * `google.rpc.ErrorInfo { reason = 1; domain = 2; }`. The reason names the server's error enum
 * value; the client ignores it, so only its presence (and position) matters here.
 */
function errorInfo(reason: string): Uint8Array {
  const writer = new BinaryWriter();
  writer.writeString(1, reason);
  writer.writeString(2, 'kurrentdb');
  return writer.getResultBuffer();
}
