// The bootstrap's permission data: generated from the CloudFormation schemas (and the committed
// file matches them), complete for every resource type the program declares and the dev stack
// plans, and the exact lists AWS states for the types checked here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_FILE, generatePermissionsData, serialize } from "../../tools/lib/bootstrap-permissions";
import {
    actionsFor,
    DATA,
    deployActions,
    missingPermissions,
    previewActions,
    PROGRAM_TYPES,
} from "../../bootstrap/lib/permissions";
import { devConfig, planFor, resources } from "../support/plan";
import { Plan } from "../../tools/lib/plan-format";

const ROOT = path.resolve(__dirname, "..", "..");

/** The `pulumi` type tokens of every resource class the components construct (`new module.Class(`). */
function declaredTypes(): string[] {
    const found = new Set<string>();
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".ts")) files.push(p);
        }
    };
    walk(path.join(ROOT, "components"));
    for (const file of files) {
        const text = fs.readFileSync(file, "utf8");
        const modules = new Map<string, string>();
        for (const m of text.matchAll(/import \* as (\w+) from "(@pulumi\/aws(?:-native)?\/[\w-]+)"/g))
            modules.set(m[1], m[2]);
        for (const m of text.matchAll(/new (\w+)\.(\w+)\(/g)) {
            const mod = modules.get(m[1]);
            if (!mod) continue;
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const cls = require(mod)[m[2]];
            if (cls?.__pulumiType) found.add(cls.__pulumiType);
        }
    }
    return [...found].sort();
}

describe("bootstrap permissions: data from AWS's statement of need", function () {
    let devPlan: Plan;
    before(async function () {
        devPlan = await planFor(devConfig());
    });

    it("the committed generated.json is what the schemas and the catalog give (npm run bootstrap-permissions)", async function () {
        const fresh = serialize(await generatePermissionsData());
        assert.strictEqual(fs.readFileSync(GENERATED_FILE, "utf8"), fresh);
    });

    it("generation reads every handler of a schema, deduplicated, in the schema's order", async function () {
        const data = await generatePermissionsData();
        assert.deepStrictEqual(data.schemas["AWS::CustomerProfiles::EventStream"], {
            pulumiType: "aws-native:customerprofiles:EventStream",
            file: "aws-customerprofiles-eventstream.json",
            handlers: {
                create: [
                    "profile:CreateEventStream",
                    "iam:PutRolePolicy",
                    "kinesis:DescribeStreamSummary",
                    "profile:TagResource",
                ],
                read: ["profile:GetEventStream", "profile:ListTagsForResource", "kinesis:DescribeStreamSummary"],
                update: [
                    "kinesis:DescribeStreamSummary",
                    "profile:GetEventStream",
                    "profile:UntagResource",
                    "profile:TagResource",
                    "profile:ListTagsForResource",
                ],
                delete: ["profile:DeleteEventStream", "iam:DeleteRolePolicy"],
                list: ["profile:ListEventStreams"],
            },
        });
        // kms:ReEncrypt (AWS::Events::EventBus) is not an IAM action: ReEncryptFrom/ReEncryptTo are.
        assert.deepStrictEqual(data.unknownActions, ["kms:ReEncrypt"]);
    });

    it("every resource type of the dev plan has permissions for create, read, update and delete", function () {
        const types = [
            ...new Set(
                resources(devPlan)
                    .filter((r) => r.custom)
                    .map((r) => r.type),
            ),
        ];
        assert.ok(types.length >= 30, `${types.length} types`);
        assert.deepStrictEqual(missingPermissions(types), []);
    });

    it("every resource class the components construct is a program type with permissions", function () {
        const declared = declaredTypes();
        assert.ok(declared.includes("aws:secretsmanager/secretVersion:SecretVersion"), declared.join(", "));
        assert.deepStrictEqual(
            declared.filter((t) => !PROGRAM_TYPES.includes(t)),
            [],
        );
        assert.deepStrictEqual(missingPermissions(declared), []);
    });

    it("a type added to the program without its permissions is reported", function () {
        assert.deepStrictEqual(missingPermissions(["aws:sqs/queue:Queue", "aws:lambda/function:Function"]), [
            "aws:lambda/function:Function",
        ]);
        assert.deepStrictEqual(missingPermissions(["aws-native:s3:Bucket"]), ["aws-native:s3:Bucket"]);
    });

    it("aws-native types: Cloud Control's calls plus the schema's handler permissions", function () {
        assert.deepStrictEqual(actionsFor("aws-native:customerprofiles:EventStream", "create"), [
            "cloudformation:CreateResource",
            "cloudformation:GetResourceRequestStatus",
            "profile:CreateEventStream",
            "iam:PutRolePolicy",
            "kinesis:DescribeStreamSummary",
            "profile:TagResource",
        ]);
        // Amazon Connect Cases permissions of AWS::Connect::Rule serve case actions, which the program never uses.
        assert.ok(!actionsFor("aws-native:connect:Rule", "create")!.some((a) => a.startsWith("cases:")));
        // iam:PassRole is never granted from a type's list.
        assert.ok(!actionsFor("aws-native:appflow:Flow", "create")!.includes("iam:PassRole"));
    });

    it("classic types: the provider's calls plus what the service checks on the caller (its schema, other services only)", function () {
        assert.deepStrictEqual(actionsFor("aws:connect/instance:Instance", "create"), [
            "connect:CreateInstance",
            "connect:DescribeInstance",
            "connect:UpdateInstanceAttribute",
            "connect:TagResource",
            "ds:CheckAlias",
            "ds:CreateAlias",
            "ds:AuthorizeApplication",
            "ds:UnauthorizeApplication",
            "ds:CreateIdentityPoolDirectory",
            "ds:CreateDirectory",
            "ds:DescribeDirectories",
            "iam:CreateServiceLinkedRole",
            "iam:PutRolePolicy",
            "logs:CreateLogGroup",
        ]);
        assert.deepStrictEqual(actionsFor("pulumi-nodejs:dynamic/connect:IntegrationAssociation", "create"), [
            "connect:CreateIntegrationAssociation",
            "connect:ListIntegrationAssociations",
            "connect:DescribeInstance",
            "ds:DescribeDirectories",
            "app-integrations:CreateEventIntegrationAssociation",
            "events:PutTargets",
            "events:PutRule",
        ]);
        assert.deepStrictEqual(actionsFor("aws:sqs/queuePolicy:QueuePolicy", "delete"), ["sqs:SetQueueAttributes"]);
    });

    it("the preview role's actions are reads only; the secret's value and KMS writes are withheld", function () {
        const { granted, withheld } = previewActions();
        assert.ok(granted.length > 50, `${granted.length}`);
        for (const a of granted) assert.ok(["Read", "List"].includes(DATA.actions[a].accessLevel), a);
        assert.ok(withheld.includes("secretsmanager:GetSecretValue"));
        assert.ok(withheld.includes("kms:CreateGrant"));
        assert.ok(!granted.some((a) => /^(\w|-)+:(Create|Delete|Put|Update|Tag|Untag)/.test(a)), granted.join(" "));
    });

    it("the deploy role's actions are exactly the union of every type's operations and the invokes", function () {
        const all = deployActions();
        assert.ok(all.includes("kinesis:CreateStream") && all.includes("profile:CreateIntegrationWorkflow"));
        assert.ok(!all.includes("iam:PassRole"));
        assert.ok(!all.some((a) => a.includes("*")));
        assert.ok(
            !all.some((a) =>
                /^iam:(CreateUser|CreateAccessKey|AttachRolePolicy|AttachUserPolicy|PutUserPolicy)$/.test(a),
            ),
        );
    });
});
