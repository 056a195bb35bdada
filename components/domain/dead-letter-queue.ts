import * as pulumi from "@pulumi/pulumi";
import * as sqs from "@pulumi/aws/sqs";
import { AccountContext, deadLetterQueuePolicy, PolicyDocument } from "../common/policy-documents";
import { ArgsError } from "../common/errors";

/** Fourteen days, the SQS maximum: time to examine and re-ingest failed objects. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Arguments of {@link DeadLetterQueue}. */
export interface DeadLetterQueueArgs {
    /**
     * The domain whose processing errors the queue receives; only Customer Profiles acting for this
     * domain may send.
     * @default — required
     */
    domainName: string;
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * ARN of the customer managed key that encrypts the messages. Its policy must let
     * `profile.amazonaws.com` call GenerateDataKey and Decrypt for this domain (the domain key does).
     * @default — required
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Protect the queue from deletion.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateDeadLetterQueueArgs(args: DeadLetterQueueArgs): string[] {
    return args.domainName.length === 0 ? ['domainName: "" is not valid; expected the domain\'s name'] : [];
}

/**
 * The SQS standard queue where Customer Profiles writes the objects it could not ingest (with the
 * error), encrypted with a customer managed key and kept for 14 days. Its policy lets only
 * `profile.amazonaws.com`, acting for this domain in this account, send messages.
 */
export class DeadLetterQueue extends pulumi.ComponentResource {
    public readonly queue: sqs.Queue;
    public readonly queuePolicy: sqs.QueuePolicy;
    public readonly url: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly policy: pulumi.Output<PolicyDocument>;

    constructor(name: string, args: DeadLetterQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("DeadLetterQueue", name, validateDeadLetterQueueArgs(args));
        super("customer-profiles:index:DeadLetterQueue", name, {}, opts);
        this.queue = new sqs.Queue(
            `${name}-dlq`,
            {
                messageRetentionSeconds: DLQ_RETENTION_SECONDS,
                kmsMasterKeyId: args.kmsKeyArn,
                kmsDataKeyReusePeriodSeconds: 300,
                tags: args.tags,
            },
            { parent: this, protect: args.protect ?? true },
        );
        this.policy = pulumi
            .all([args.context, this.queue.arn])
            .apply(([ctx, queueArn]) => deadLetterQueuePolicy(ctx, { domainName: args.domainName, queueArn }));
        this.queuePolicy = new sqs.QueuePolicy(
            `${name}-dlq-policy`,
            { queueUrl: this.queue.url, policy: this.policy.apply((p) => JSON.stringify(p)) },
            { parent: this },
        );
        this.url = this.queue.url;
        this.arn = this.queue.arn;
        this.registerOutputs({ url: this.url, arn: this.arn, policy: this.policy });
    }
}
