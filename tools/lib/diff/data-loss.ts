// Part of the reviewer diff (index.ts): data loss: which replacements and deletions destroy data, and what is lost.
import { STATEFUL_TYPES } from "../create-only";

/** What is destroyed when a resource of a type that holds data is replaced or deleted. */
export const DATA_LOSS: Record<string, string> = {
    "aws:customerprofiles/domain:Domain":
        "every profile, profile object, object type and integration in the domain is deleted",
    "aws-native:customerprofiles:Domain":
        "every profile, profile object, object type and integration in the domain is deleted",
    "aws-native:customerprofiles:ObjectType": "every profile object of this type is deleted",
    "aws:kms/key:Key":
        "the old key is scheduled for deletion: everything encrypted under it (profiles, queued messages, stream records) becomes unreadable",
    "aws:sqs/queue:Queue": "every message in the queue (objects the domain failed to ingest) is lost",
    "aws:kinesis/stream:Stream": "every record not yet read from the stream is lost",
    "aws:s3/bucket:Bucket": "every object in the bucket is deleted with it",
    "aws:s3/bucketV2:BucketV2": "every object in the bucket is deleted with it",
    "aws:connect/instance:Instance":
        "the instance's users, flows, queues, phone numbers and contact history are deleted",
};

/** A replacement or deletion of a type that holds data (the create-only catalog's stateful types). */
export function losesData(kind: string, type: string): boolean {
    return (kind === "replace" || kind === "delete") && STATEFUL_TYPES.has(type);
}

/** What a replacement or deletion of this type destroys, as a phrase. */
export function whatIsLost(type: string): string {
    return DATA_LOSS[type] ?? "the data it holds is lost";
}
