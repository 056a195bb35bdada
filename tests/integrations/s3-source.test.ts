import { strict as assert } from "assert";
import { s3SourceBucketStatement } from "../../components/integrations/integration";
import { runOfflinePlan } from "../../tools/lib/offline";
import { simulate } from "../support/simulator";

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

    // The attacker's chain: another account creates an AppFlow flow whose S3 source is this bucket and
    // prefix (names are guessable) and runs it; AppFlow reads as appflow.amazonaws.com with that account as
    // aws:SourceAccount. Allowed by the old statement (no condition), denied by the new one.
    it("IAM simulator: AppFlow reading for another account's flow is denied; for this account's, allowed", async () => {
        const statement = s3SourceBucketStatement(ctx, {
            bucketName: "exports",
            bucketPrefix: "members/",
            flowName: "f",
        });
        const ask = (st: Record<string, unknown>, account: string) =>
            simulate(
                {
                    request: {
                        principal: "appflow.amazonaws.com",
                        action: "s3:GetObject",
                        resource: { resource: "arn:aws:s3:::exports/members/a.csv", accountId: "123456789012" },
                        contextVariables: {
                            "aws:SourceAccount": account,
                            "aws:SourceArn": `arn:aws:appflow:eu-west-2:${account}:flow/f`,
                        },
                    },
                    identityPolicies: [],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: { Version: "2012-10-17", Statement: [st] } as never,
                },
                {},
            );
        assert.equal(await ask(statement as never, "123456789012"), "Allowed");
        assert.equal(await ask(statement as never, "999988887777"), "ImplicitlyDenied");
        const { Condition: _dropped, ...old } = statement;
        assert.equal(await ask(old, "999988887777"), "Allowed");
    });
});
