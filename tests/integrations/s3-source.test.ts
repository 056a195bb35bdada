import { strict as assert } from "assert";
import { s3SourceBucketStatement } from "../../components/integrations/integration";
import { runOfflinePlan } from "../../tools/lib/offline";

const ctx = { partition: "aws", accountId: "123456789012", region: "eu-west-2" };

describe("integrations: S3 source bucket statement", () => {
    it("lets AppFlow list the bucket and read the prefix, in AppFlow's documented form, bound to this account", () => {
        assert.deepEqual(
            s3SourceBucketStatement(ctx, {
                bucketName: "exports",
                bucketPrefix: "members/",
                flowName: "loyalty-Domain_1",
            }),
            {
                Sid: "AppFlowReadsloyaltyDomain1",
                Effect: "Allow",
                Principal: { Service: "appflow.amazonaws.com" },
                Action: ["s3:ListBucket", "s3:GetObject"],
                Resource: ["arn:aws:s3:::exports", "arn:aws:s3:::exports/members/*"],
                // Amazon AppFlow User Guide, "Amazon S3 Bucket Policies for Amazon AppFlow",
                // "Cross-service confused deputy prevention": aws:SourceAccount.
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
        );
        assert.deepEqual(s3SourceBucketStatement(ctx, { bucketName: "exports", flowName: "f" }).Resource, [
            "arn:aws:s3:::exports",
            "arn:aws:s3:::exports/*",
        ]);
    });

    it("the dev stack exports one statement per S3 integration, on its bucket and prefix", async () => {
        const { outputs } = await runOfflinePlan({ stack: "dev" });
        const statements = (
            outputs.integrations as {
                s3SourceBucketStatements: { Resource: string[]; Condition?: unknown }[];
            }
        ).s3SourceBucketStatements;
        assert.equal(statements.length, 1);
        assert.deepEqual(statements[0].Resource, [
            "arn:aws:s3:::examplecorp-loyalty-exports-dev",
            "arn:aws:s3:::examplecorp-loyalty-exports-dev/members/*",
        ]);
        assert.deepEqual(statements[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    });
});
