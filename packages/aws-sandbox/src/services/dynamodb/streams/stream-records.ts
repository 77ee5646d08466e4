import type { StreamViewType } from '../model.js';
import type { StoredStreamRecord } from './stream-log.js';

/** A stream as its consumers see it. */
export interface StreamIdentity {
  readonly arn: string;
  readonly region: string;
  readonly viewType: StreamViewType;
}

/** DynamoDB Streams sequence numbers are decimal strings that grow with the stream (21 digits here). */
export function sequenceNumberOf(seq: number): string {
  return (10n ** 20n + BigInt(seq)).toString();
}

export function seqOfSequenceNumber(sequenceNumber: string): number | undefined {
  if (!/^\d{21}$/.test(sequenceNumber)) return undefined;
  return Number(BigInt(sequenceNumber) - 10n ** 20n);
}

/** The images a stream carries for a change, by its view type. */
export function imagesFor(
  viewType: StreamViewType,
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): { oldImage?: Record<string, unknown>; newImage?: Record<string, unknown> } {
  const withNew = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  const withOld = viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  return {
    ...(withNew && newImage ? { newImage } : {}),
    ...(withOld && oldImage ? { oldImage } : {}),
  };
}

/**
 * A record as Lambda passes it to a function (the DynamoDB Streams record with eventSourceARN added):
 * eventID, eventName, eventVersion 1.1, eventSource aws:dynamodb, awsRegion, and dynamodb with
 * ApproximateCreationDateTime (epoch seconds), Keys, NewImage/OldImage per the view type, SequenceNumber,
 * SizeBytes and StreamViewType.
 */
export function lambdaStreamRecord(stored: StoredStreamRecord, stream: StreamIdentity): Record<string, unknown> {
  const images = {
    ...(stored.newImage ? { NewImage: stored.newImage } : {}),
    ...(stored.oldImage ? { OldImage: stored.oldImage } : {}),
  };
  return {
    eventID: stored.eventId,
    eventName: stored.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: stream.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(stored.at / 1000),
      Keys: stored.keys,
      ...images,
      SequenceNumber: sequenceNumberOf(stored.seq),
      SizeBytes: Buffer.byteLength(JSON.stringify({ Keys: stored.keys, ...images })),
      StreamViewType: stream.viewType,
    },
    eventSourceARN: stream.arn,
  };
}
