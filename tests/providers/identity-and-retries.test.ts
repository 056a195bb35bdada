// The dynamic providers call AWS as the stack does, and survive what the network does to them.
// - Identity (issue 9, item 10): the SDK clients the providers build take the stack's region,
//   profile, assumed roles and endpoints (`aws:` configuration), passed as the `awsIdentity` input.
// - Retries (item 13): the SDK's own retry strategy, not `maxAttempts: 1` under a hand-written
//   retry that let a connection reset through.
// The real SDK clients (signing, retry strategy, credential providers) talk to a local endpoint
// (tests/support/fake-aws.ts); the providers are serialized and driven as the engine drives them.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { containsUnknown, SDK_MAX_ATTEMPTS, sdkClientConfig, UNKNOWN } from "../../components/common/sdk-clients";
import { stackAwsIdentity } from "../../components/common/aws-identity";
import { flowActivationProvider } from "../../components/common/providers/appflow-flow-activation";
import { integrationWorkflowProvider } from "../../components/integrations/providers/integration-workflow";
import { connectIntegrationAssociationProvider } from "../../components/tasks/providers/connect-integration-association";
import { EngineDriver, succeeded } from "../support/dynamic-provider";
import { startFakeAws, useRealSdkClients, withEnv } from "../support/fake-aws";
import { AppflowClient } from "@aws-sdk/client-appflow";
import { ConnectClient } from "@aws-sdk/client-connect";
import { CustomerProfilesClient } from "@aws-sdk/client-customer-profiles";

const ENV_KEYS = {
    AWS_ACCESS_KEY_ID: "AKIDENVIRONMENT",
    AWS_SECRET_ACCESS_KEY: "env-secret",
    AWS_SESSION_TOKEN: undefined,
};

describe("dynamic providers: the engine's unknown placeholder", () => {
    it("is the runtime's own constant, found at any depth", () => {
        assert.strictEqual(UNKNOWN, pulumi.runtime.unknownValue);
        assert.ok(containsUnknown({ a: [{ b: UNKNOWN }] }));
        assert.ok(!containsUnknown({ a: ["04da6b54"] }));
    });
});

describe("dynamic providers: the stack's AWS identity", () => {
    before(() => useRealSdkClients(AppflowClient, ConnectClient, CustomerProfilesClient));
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("is read from aws:region, aws:profile, aws:assumeRoles and aws:endpoints (names only)", () => {
        pulumi.runtime.setAllConfig({
            "aws:region": "eu-central-1",
            "aws:profile": "deployer",
            "aws:assumeRoles": JSON.stringify([
                { roleArn: "arn:aws:iam::123456789012:role/deployer", sessionName: "ci", externalId: "ext-1" },
            ]),
            "aws:endpoints": JSON.stringify([{ appflow: "https://appflow.example" }, { sts: "https://sts.example" }]),
        });
        assert.deepStrictEqual(stackAwsIdentity(), {
            region: "eu-central-1",
            profile: "deployer",
            assumeRoles: [
                { roleArn: "arn:aws:iam::123456789012:role/deployer", sessionName: "ci", externalId: "ext-1" },
            ],
            endpoints: { appflow: "https://appflow.example", sts: "https://sts.example" },
        });
        pulumi.runtime.setAllConfig({
            "aws:assumeRole": JSON.stringify({ roleArn: "arn:aws:iam::123456789012:role/legacy" }),
        });
        assert.deepStrictEqual(stackAwsIdentity("eu-west-2"), {
            region: "eu-west-2",
            assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/legacy" }],
        });
        pulumi.runtime.setAllConfig({ "aws:assumeRoles": JSON.stringify([{ sessionName: "x" }]) });
        assert.throws(() => stackAwsIdentity("eu-west-2"), {
            message:
                "aws:assumeRoles[0].roleArn: null is not valid; expected the ARN of the role to assume, arn:aws:iam::ACCOUNT:role/NAME",
        });
    });

    it("the client a provider builds signs as the profile's assumed role, in the identity's region, at its endpoints", async () => {
        // Before: `new AppflowClient({ region, maxAttempts: 1 })` — the ambient credential chain,
        // no profile, no role, no endpoint.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fix-providers-"));
        const credentials = path.join(dir, "credentials");
        fs.writeFileSync(
            credentials,
            "[deployer]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n",
        );
        fs.writeFileSync(path.join(dir, "config"), "");
        const aws = await startFakeAws((req) => {
            if (req.body.includes("Action=AssumeRole"))
                return {
                    headers: { "content-type": "text/xml" },
                    body:
                        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
                        "<Credentials><AccessKeyId>ASIATEMPORARY</AccessKeyId><SecretAccessKey>temp-secret</SecretAccessKey>" +
                        "<SessionToken>session-token-1</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>" +
                        "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deployer/ci</Arn><AssumedRoleId>AROA:ci</AssumedRoleId></AssumedRoleUser>" +
                        "</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>",
                };
            return { body: JSON.stringify({ flowName: "f", flowStatus: "Active" }) };
        });
        try {
            const identity = {
                region: "eu-central-1",
                profile: "deployer",
                assumeRoles: [
                    { roleArn: "arn:aws:iam::123456789012:role/deployer", sessionName: "ci", externalId: "ext-1" },
                ],
                endpoints: { appflow: aws.url, sts: aws.url },
            };
            const engine = await EngineDriver.load(flowActivationProvider);
            const read = await withEnv(
                { ...ENV_KEYS, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(dir, "config") },
                () => engine.read("f", { flowName: "f", awsIdentity: identity, flowStatus: "Active" }),
            );
            assert.strictEqual(read.props.flowStatus, "Active");
            const [sts, appflow] = aws.requests;
            const params = new URLSearchParams(sts.body);
            assert.deepStrictEqual(
                ["Action", "RoleArn", "RoleSessionName", "ExternalId"].map((k) => params.get(k)),
                ["AssumeRole", "arn:aws:iam::123456789012:role/deployer", "ci", "ext-1"],
            );
            assert.match(
                String(sts.headers.authorization),
                /Credential=AKIDPROFILE\/\d{8}\/eu-central-1\/sts\/aws4_request/,
            );
            assert.strictEqual(appflow.path, "/describe-flow");
            assert.match(
                String(appflow.headers.authorization),
                /Credential=ASIATEMPORARY\/\d{8}\/eu-central-1\/appflow\/aws4_request/,
            );
            assert.strictEqual(appflow.headers["x-amz-security-token"], "session-token-1");
            assert.strictEqual(aws.requests.length, 2);
        } finally {
            await aws.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the Connect client calls the instance's region; the state holds no credential", async () => {
        const aws = await startFakeAws(() => ({ body: JSON.stringify({ IntegrationAssociationSummaryList: [] }) }));
        try {
            const engine = await EngineDriver.load(connectIntegrationAssociationProvider);
            const props = {
                instanceArn: "arn:aws:connect:eu-west-2:123456789012:instance/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f",
                integrationArn: "arn:aws:app-integrations:eu-west-2:123456789012:event-integration/x",
                sourceApplicationUrl: "https://x.my.salesforce.com",
                sourceApplicationName: "x",
                sourceType: "SALESFORCE",
                awsIdentity: { region: "eu-west-2", endpoints: { connect: aws.url } },
                integrationAssociationId: "a",
                integrationAssociationArn: "arn",
            };
            const read = await withEnv(ENV_KEYS, () => engine.read("a", props));
            assert.strictEqual(read.id, "", "gone: no association listed");
            assert.match(
                aws.requests[0].path,
                /^\/instance\/4f6c3a2e-8b1d-4c7e-9a0f-5e2d1b3c4a5f\/integration-associations\?/,
            );
            assert.match(
                String(aws.requests[0].headers.authorization),
                /Credential=AKIDENVIRONMENT\/\d{8}\/eu-west-2\/connect\//,
            );
            assert.ok(!/AKID|secret/i.test(JSON.stringify(props.awsIdentity)));
        } finally {
            await aws.close();
        }
    });
});

describe("dynamic providers: the SDK's retry strategy", () => {
    before(() => useRealSdkClients(CustomerProfilesClient));
    it("client configuration: the SDK retry strategy with several attempts, never a single attempt", () => {
        const config = sdkClientConfig({ region: "eu-west-2" }, "customerprofiles");
        assert.deepStrictEqual(config, { region: "eu-west-2", maxAttempts: SDK_MAX_ATTEMPTS, retryMode: "adaptive" });
        assert.ok(SDK_MAX_ATTEMPTS >= 3);
    });

    it("a connection reset on CreateIntegrationWorkflow is retried, and the workflow is created once", async () => {
        // Before: maxAttempts 1, and the hand-written retry knew only throttling and 5xx names: the
        // reset (TimeoutError, code ECONNRESET) failed `pulumi up` after a request AWS may have run.
        const aws = await startFakeAws((req, i) => {
            if (req.method === "POST" && /\/workflows\/integrations$/.test(req.path))
                return i === 0 ? "reset" : { body: JSON.stringify({ WorkflowId: "wf-30", Message: "ok" }) };
            if (/\/workflows\/wf-30\/steps/.test(req.path)) return { body: JSON.stringify({ Items: [] }) };
            if (/\/workflows\/wf-30$/.test(req.path))
                return { body: JSON.stringify({ WorkflowId: "wf-30", Status: "COMPLETE" }) };
            if (/\/integrations/.test(req.path)) return { body: JSON.stringify({ Items: [] }) };
            return { status: 404, body: JSON.stringify({ Message: `unexpected ${req.method} ${req.path}` }) };
        });
        try {
            const engine = await EngineDriver.load(integrationWorkflowProvider);
            const inputs = {
                region: "eu-west-2", // what the provider took before the identity input
                awsIdentity: { region: "eu-west-2" },
                domainName: "amazon-connect-examplecorp",
                objectTypeName: "Salesforce-Account",
                roleArn: "arn:aws:iam::123456789012:role/workflows",
                flowDefinition: { FlowName: "f", SourceFlowConfig: { ConnectorType: "Salesforce" } },
                batches: [{ startTime: "2024-01-01T00:00:00.000Z", endTime: "2024-03-01T00:00:00.000Z" }],
                pollIntervalSeconds: 0,
            };
            // The endpoint through the SDK's own environment setting, so the clients built before
            // the identity input (no endpoint support) are judged by the same test.
            const created = succeeded(
                await withEnv({ ...ENV_KEYS, AWS_ENDPOINT_URL_CUSTOMER_PROFILES: aws.url }, () =>
                    engine.create(inputs),
                ),
            );
            assert.strictEqual(created.id, "wf-30");
            assert.strictEqual(created.outs.status, "COMPLETE");
            const creates = aws.requests.filter(
                (r) => r.method === "POST" && /\/workflows\/integrations$/.test(r.path),
            );
            assert.strictEqual(creates.length, 2, "the reset request, then the retry");
        } finally {
            await aws.close();
        }
    });
});
