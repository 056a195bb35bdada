// Bucket names that carry the stack (issue 20). S3 has no aws:ResourceTag for buckets in the
// Service Authorization Reference ("Actions, resources, and condition keys for Amazon S3",
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html), so the
// bootstrap's deploy role can tell this stack's buckets from another stack's only by name. With
// `stackBucketNames: true` every bucket the program creates is named
// `HASH-STACK-PURPOSE`: HASH is 8 hexadecimal characters of the SHA-256 of account, region and stack
// (fixed length, so the pattern `HASH-*` can never cover another stack's names, and different per
// account, so the global bucket namespace sees no two deployments of one stack name collide); STACK
// is the stack name made a valid bucket-name part (readable only: a long one is cut); PURPOSE says
// which bucket. Bucket naming rules: Amazon S3 User Guide, "General purpose bucket naming rules",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (3–63 characters,
// lower-case letters, digits, "-" and "."; begin and end with a letter or digit).
import { createHash } from "crypto";

/** S3 general purpose bucket names: at most 63 characters. */
export const BUCKET_NAME_MAX = 63;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The part every bucket name of a stack starts with: `HASH-` (see the file header). */
export function stackBucketPrefix(ctx: { accountId: string; region: string }, stack: string): string {
    return `${createHash("sha256").update(`${ctx.accountId}/${ctx.region}/${stack}`).digest("hex").slice(0, 8)}-`;
}

/**
 * A bucket name of this stack: `HASH-STACK-PURPOSE`, the stack part cut so the whole fits 63
 * characters. Throws when `purpose` is no valid bucket-name part or leaves no room (a program error:
 * the purposes are the program's own, instance names included, at most 32 characters).
 */
export function stackBucketName(ctx: { accountId: string; region: string }, stack: string, purpose: string): string {
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(purpose))
        throw new Error(
            `bucket name purpose ${JSON.stringify(purpose)} is not valid; expected lower-case letters, digits and "-", starting and ending with a letter or digit`,
        );
    const prefix = stackBucketPrefix(ctx, stack);
    const room = BUCKET_NAME_MAX - prefix.length - purpose.length - 1;
    if (room < 0)
        throw new Error(
            `bucket name purpose ${JSON.stringify(purpose)} is too long: ${prefix}${purpose} exceeds ${BUCKET_NAME_MAX} characters`,
        );
    const readable = stack
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, Math.max(0, room - 1))
        .replace(/^-+|-+$/g, "");
    const name = readable ? `${prefix}${readable}-${purpose}` : `${prefix}${purpose}`;
    if (!BUCKET_NAME.test(name)) throw new Error(`bucket name ${JSON.stringify(name)} is not a valid S3 bucket name`);
    return name;
}
