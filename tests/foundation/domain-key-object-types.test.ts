// The domain key admits Customer Profiles for the domain's object types, as AWS documents them, and for
// nothing else: judged by the IAM simulator (@cloud-copilot/iam-simulate, test-only) on the dev plan's
// real key policy.
//
// Amazon Connect Administrator Guide, "Cross-service confused deputy prevention", example "Amazon Connect
// Customer Profiles policy to create Customer Profiles object types"
// (https://docs.aws.amazon.com/connect/latest/adminguide/cross-service-confused-deputy-prevention.html):
// Principal profile.amazonaws.com, kms:GenerateDataKey/CreateGrant/Decrypt, ArnEquals aws:SourceArn
// arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN/objects/OBJECT_TYPE, StringEquals aws:SourceAccount. The
// Service Authorization Reference (Amazon Connect Customer Profiles, resource type object-types) spells
// the ARN …/domains/DOMAIN/object-types/NAME; which one the service sends is settled by no page, so both
// are tried. Fails on the old plan: its key bound profile.amazonaws.com to the domain ARN alone, so every
// object type's request was denied (PutProfileObjectType with this EncryptionKey would fail).
import { strict as assert } from "assert";
import { simulate } from "../support/simulator";
import { ACCOUNT, devConfig, planFor, policyOf, REGION, resource } from "../support/plan";
import { Plan } from "../../tools/lib/plan-format";

const DOMAIN = `arn:aws:profile:${REGION}:${ACCOUNT}:domains/amazon-connect-examplecorp-dev`;
const OTHER_ACCOUNT = "444455556666";
const ACTIONS = ["kms:GenerateDataKey", "kms:CreateGrant", "kms:Decrypt"];

describe("domain key: Customer Profiles object types (IAM simulator on the dev plan)", function () {
    this.timeout(120_000);
    let plan: Plan;
    let keyArn: string;
    before(async () => {
        plan = await planFor(devConfig());
        keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    });

    function ask(action: string, sourceArn: string, sourceAccount = ACCOUNT): Promise<string> {
        const doc = policyOf(resource(plan, "aws:kms/key:Key", "profiles-key"));
        return simulate(
            {
                request: {
                    principal: "profile.amazonaws.com",
                    action,
                    resource: { resource: keyArn, accountId: ACCOUNT },
                    contextVariables: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: doc,
            },
            {},
        );
    }

    for (const type of ["CTR", "Salesforce-Account", "LoyaltyMember"])
        for (const spelling of ["objects", "object-types"])
            it(`admits ${type} under …/${spelling}/${type} for every documented action`, async () => {
                for (const action of ACTIONS)
                    assert.equal(await ask(action, `${DOMAIN}/${spelling}/${type}`), "Allowed", action);
            });

    it("still admits the domain itself (the documented domain example)", async () => {
        assert.equal(await ask("kms:GenerateDataKey", DOMAIN), "Allowed");
    });

    it("attacks: another domain's object type, a domain whose name extends this one, an object type the stack does not create, another account", async () => {
        const denied = [
            [`arn:aws:profile:${REGION}:${ACCOUNT}:domains/other/objects/CTR`, ACCOUNT],
            [`${DOMAIN}-x/objects/CTR`, ACCOUNT],
            [`${DOMAIN}/objects/Unmanaged`, ACCOUNT],
            [`${DOMAIN}/objects/*`, ACCOUNT],
            [
                `arn:aws:profile:${REGION}:${OTHER_ACCOUNT}:domains/amazon-connect-examplecorp-dev/objects/CTR`,
                OTHER_ACCOUNT,
            ],
            [`${DOMAIN}/objects/CTR`, OTHER_ACCOUNT],
        ];
        for (const [arn, account] of denied)
            assert.equal(await ask("kms:Decrypt", arn, account), "ImplicitlyDenied", `${arn} from ${account}`);
        assert.equal(await ask("kms:Encrypt", `${DOMAIN}/objects/CTR`), "ImplicitlyDenied", "an action not granted");
    });

    it("the exact statement", () => {
        const doc = policyOf(resource(plan, "aws:kms/key:Key", "profiles-key"));
        const s = doc.Statement.find((x: { Sid: string }) => x.Sid === "CustomerProfilesUsesKeyForObjectTypes");
        assert.deepEqual(s, {
            Sid: "CustomerProfilesUsesKeyForObjectTypes",
            Effect: "Allow",
            Principal: { Service: "profile.amazonaws.com" },
            Action: ACTIONS,
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnEquals: {
                    "aws:SourceArn": ["CTR", "Salesforce-Account", "LoyaltyMember"].flatMap((t) => [
                        `${DOMAIN}/objects/${t}`,
                        `${DOMAIN}/object-types/${t}`,
                    ]),
                },
            },
        });
    });
});
