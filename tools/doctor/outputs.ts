// The stack outputs the doctor reads (`pulumi stack output --json`, or run for a named stack).
// Every key index.ts exports is known here, so a changed output shape is caught by a test, not in
// production; an unknown key, a missing key or a malformed value is one clear line and exit 2.
import { execFileSync } from "child_process";
import * as fs from "fs";
import { z } from "zod";
import { PolicyDocument } from "../../components/common/policy-documents";

/** A usage or input error: the doctor prints the message alone and exits 2. */
export class DoctorUsageError extends Error {
    override readonly name = "DoctorUsageError";
}

const expected = (form: string) => ({ error: form });
const arn = (service: string, what: string) =>
    z.string(expected(what)).regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{12}:.+`), expected(what));
const keyArn = arn("kms", "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)");
const streamArn = arn("kinesis", "a Kinesis stream ARN");
const policyDocument = z.looseObject(
    {
        Version: z.string(expected("an IAM policy version")),
        Statement: z.array(z.looseObject({}), expected("a list of statements")),
    },
    expected("an IAM policy document"),
);
const names = z.array(z.string(expected("a name")), expected("a list of names"));

const outputsSchema = z.strictObject(
    {
        domainName: z.string(expected("the domain's name")).min(1, expected("the domain's name")),
        domainArn: z
            .string(expected("a Customer Profiles domain ARN"))
            .regex(
                /^arn:aws[a-z-]*:profile:[a-z0-9-]+:\d{12}:domains\/[^/]+$/,
                expected("a Customer Profiles domain ARN (arn:aws:profile:REGION:ACCOUNT:domains/NAME)"),
            ),
        keyArn,
        deadLetterQueueUrl: z
            .string(expected("an SQS queue URL"))
            .regex(/^https:\/\/sqs\./, expected("an SQS queue URL"))
            .optional(),
        deadLetterQueueArn: arn("sqs", "an SQS queue ARN").optional(),
        instanceArn: arn("connect", "a Connect instance ARN").optional(),
        instanceArns: z
            .record(z.string(), arn("connect", "a Connect instance ARN"), expected("a map of instance name to ARN"))
            .optional(),
        callerPolicy: policyDocument.optional(),
        integrations: z
            .strictObject(
                {
                    flowNames: names.optional(),
                    s3SourceBucketStatements: z.array(z.looseObject({})).optional(),
                    workflowRoleArn: arn("iam", "an IAM role ARN").optional(),
                    flowFailureRuleArn: arn("events", "an EventBridge rule ARN").optional(),
                    flowDeactivationRuleArn: arn("events", "an EventBridge rule ARN").optional(),
                    deadLetterAlarmArn: arn("cloudwatch", "a CloudWatch alarm ARN").optional(),
                },
                expected("the integrations object"),
            )
            .optional(),
        alarmTopicArn: arn("sns", "an SNS topic ARN").optional(),
        silentStopAlarmArns: z
            .record(
                z.string(),
                arn("cloudwatch", "a CloudWatch alarm ARN"),
                expected("a map of stream key to alarm ARN"),
            )
            .optional(),
        streaming: z
            .record(
                z.string(),
                z.strictObject(
                    {
                        keyArn,
                        contactRecordsStreamArn: streamArn.optional(),
                        contactRecordsDeliveryStreamArn: arn("firehose", "a Firehose delivery stream ARN").optional(),
                        contactRecordsBucket: z.string().optional(),
                        contactRecordsAccessLogBucket: z.string().optional(),
                        agentEventsStreamArn: streamArn.optional(),
                    },
                    expected("an instance's streaming object"),
                ),
                expected("a map of instance name to streaming object"),
            )
            .optional(),
        salesforceTasks: z
            .strictObject(
                {
                    flowName: z.string(expected("the flow's name")),
                    partnerEventSourceName: z.string(expected("the partner event source's name")),
                    connectorProfileName: z.string(expected("the connector profile's name")),
                    eventBusName: z.string(expected("the partner event bus's name")).optional(),
                    eventIntegrationName: z.string(expected("the event integration's name")).optional(),
                    integrationAssociationArns: z
                        .record(z.string(), arn("connect", "an integration association ARN"))
                        .optional(),
                    rules: z
                        .record(
                            z.string(),
                            z.strictObject(
                                {
                                    arn: arn("connect", "a Connect rule ARN"),
                                    publishStatus: z.enum(["PUBLISHED", "DRAFT"], expected("PUBLISHED or DRAFT")),
                                },
                                expected("a rule object"),
                            ),
                        )
                        .optional(),
                },
                expected("the salesforceTasks object"),
            )
            .optional(),
        profileExportStreamArn: streamArn.optional(),
        profileEventStreamArn: z
            .string(expected("a Customer Profiles event stream ARN"))
            .regex(
                /\/event-streams\/[^/]+$/,
                expected("a Customer Profiles event stream ARN (…/domains/NAME/event-streams/NAME)"),
            )
            .optional(),
        auditTrail: z
            .strictObject(
                {
                    trailArn: arn("cloudtrail", "a CloudTrail trail ARN"),
                    bucketName: z.string(),
                    accessLogBucketName: z.string(),
                    keyArn,
                },
                expected("the auditTrail object"),
            )
            .optional(),
        keys: z
            .record(
                z.string(),
                z.strictObject({ arn: keyArn, policy: policyDocument }, expected("a key object {arn, policy}")),
            )
            .optional(),
        operatorPolicies: z
            .strictObject({
                checks: policyDocument,
                checksPolicyArn: arn("iam", "an IAM policy ARN"),
                reingest: policyDocument.optional(),
                reingestPolicyArn: arn("iam", "an IAM policy ARN").optional(),
                probe: policyDocument.optional(),
                probePolicyArn: arn("iam", "an IAM policy ARN").optional(),
            })
            .optional(),
    },
    expected("an object of stack outputs"),
);

export type StackOutputs = z.infer<typeof outputsSchema> & {
    keys?: Record<string, { arn: string; policy: PolicyDocument }>;
};

/** What the doctor works with: the outputs and the facts parsed from their ARNs. */
export interface StackInventory {
    outputs: StackOutputs;
    account: string;
    region: string;
    partition: string;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
    let v = raw;
    for (const p of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    return v;
}

function shown(v: unknown): string {
    const s = JSON.stringify(v);
    return s === undefined ? "missing" : s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** Validates parsed outputs; throws a DoctorUsageError naming every bad key, its value and the expected form. */
export function parseOutputs(raw: unknown, source: string): StackInventory {
    const result = outputsSchema.safeParse(raw);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => {
            const at = issue.path.join(".");
            if (issue.code === "unrecognized_keys") {
                return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => (at ? `${at}.${k}` : k)).join(", ")} (not an output of this program's index.ts)`;
            }
            const value = valueAt(raw, issue.path);
            return `${at || "(top level)"}: ${shown(value)} is not valid; expected ${issue.message}`;
        });
        throw new DoctorUsageError(`stack outputs ${source} are not valid: ${problems.join("; ")}`);
    }
    const outputs = result.data as StackOutputs;
    const [, partition, , region, account] = outputs.domainArn.split(":");
    return { outputs, account, region, partition };
}

/** Reads an outputs file (`pulumi stack output --json > FILE`). */
export function readOutputsFile(file: string): StackInventory {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new DoctorUsageError(`cannot read stack outputs ${file}: ${(e as Error).message}`);
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        throw new DoctorUsageError(
            `stack outputs ${file} are not JSON (expected \`pulumi stack output --json\`): ${(e as Error).message}`,
        );
    }
    return parseOutputs(raw, file);
}

/** Runs `pulumi stack output --json --stack NAME` when the Pulumi CLI is installed. */
export function readStackOutputs(stack: string): StackInventory {
    let text: string;
    try {
        text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: string };
        if (err.code === "ENOENT") {
            throw new DoctorUsageError(
                `--stack ${stack}: the Pulumi CLI is not installed here; save \`pulumi stack output --json --stack ${stack}\` to a file and pass --outputs FILE`,
            );
        }
        throw new DoctorUsageError(
            `pulumi stack output --stack ${stack} failed: ${(err.stderr ?? err.message).trim().split("\n")[0]}`,
        );
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        const first = text.trim().split("\n")[0] ?? "";
        throw new DoctorUsageError(
            `pulumi stack output --json --stack ${stack} did not print JSON (${(e as Error).message}); it printed ${JSON.stringify(first.length > 80 ? `${first.slice(0, 77)}…` : first)}: save the outputs with \`pulumi stack output --json\` to a file and pass --outputs FILE`,
        );
    }
    return parseOutputs(raw, `of stack ${stack}`);
}
