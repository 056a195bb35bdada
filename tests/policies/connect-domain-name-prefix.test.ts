// Issue 9, item 1: a domain that Amazon Connect instances use must be named amazon-connect-… (the
// instances' service-linked role, AWS managed policy AmazonConnectServiceLinkedRolePolicy, may use
// Customer Profiles only on arn:aws:profile:*:*:domains/amazon-connect-*). The policy rule, run
// through the analyzer path, and the config validation that stops such a stack before it plans.
import { strict as assert } from "assert";
import { checkConnectDomainName, ConfigError, CONNECT_DOMAIN_PREFIX } from "../../components/config";
import { CONNECT_DOMAIN_PREFIX as POLICY_PREFIX } from "../../policies/connect-domain-name-prefix";
import { runOfflinePlan } from "../../tools/lib/offline";
import { UNKNOWN_PLACEHOLDER } from "../../tools/lib/plan-format";
import { policies } from "../../policies/pack";
import { devConfig } from "../support/plan";
import { Case, linesFor, notApplicableFor, one, run } from "./helpers";

const POLICY = "connect-domain-name-prefix";
const P = "connect-customer-profiles";
const INSTANCE_ARN = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555";
const KEY = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const domain = (name: string) =>
    one("aws:customerprofiles/domain:Domain", "d", { domainName: name, defaultEncryptionKey: KEY });
const ctrIntegration = (domainName: string, uri: string = INSTANCE_ARN, refs: Record<string, string[]> = {}) =>
    one(
        "aws-native:customerprofiles:Integration",
        "ctr",
        { domainName, uri, objectTypeName: "CTR" },
        { refs: { domainName: ["d"], ...refs } },
    );
const instance = one("aws:connect/instance:Instance", "inst", { instanceAlias: "examplecorp" });
const violation = (name: string) =>
    `d: domain ${name} is associated with an Amazon Connect instance by ctr, but its name does not start with "amazon-connect-": the instance's service-linked role may use Customer Profiles only on domains/amazon-connect-* (AmazonConnectServiceLinkedRolePolicy), so the agent workspace and flow blocks would be denied`;

const CASES: Case[] = [
    {
        name: "amazon-connect- domain with the CTR integration of an instance",
        resources: [domain("amazon-connect-examplecorp"), ctrIntegration("amazon-connect-examplecorp")],
        expect: [],
    },
    {
        name: "domain name not known yet (judged when known)",
        resources: [domain(UNKNOWN_PLACEHOLDER), ctrIntegration(UNKNOWN_PLACEHOLDER)],
        expect: [],
    },
    {
        name: "the seed's friendly name on a domain an instance uses",
        resources: [domain("CustomerProfiles-ExampleCorp"), ctrIntegration("CustomerProfiles-ExampleCorp")],
        expect: [violation("CustomerProfiles-ExampleCorp")],
    },
    {
        name: "upper-case prefix (IAM matches ARNs case-sensitively)",
        resources: [domain("Amazon-Connect-examplecorp"), ctrIntegration("Amazon-Connect-examplecorp")],
        expect: [violation("Amazon-Connect-examplecorp")],
    },
    {
        name: "preview: the ARN of an instance the stack creates is not known yet",
        resources: [
            domain("CustomerProfiles-ExampleCorp"),
            instance,
            ctrIntegration("CustomerProfiles-ExampleCorp", UNKNOWN_PLACEHOLDER, { uri: ["inst"] }),
        ],
        expect: [violation("CustomerProfiles-ExampleCorp")],
    },
    {
        name: "only an AppFlow integration (no Connect instance)",
        resources: [
            domain("CustomerProfiles-ExampleCorp"),
            one(
                "aws-native:customerprofiles:Integration",
                "sf",
                {
                    domainName: "CustomerProfiles-ExampleCorp",
                    uri: "arn:aws:appflow:eu-west-2:123456789012:flow/sf-accounts",
                },
                { refs: { domainName: ["d"] } },
            ),
        ],
        notApplicable: "no Customer Profiles integration with an Amazon Connect instance",
    },
];

describe(`${POLICY} (issue 9, item 1)`, () => {
    for (const c of CASES) {
        const kind = c.notApplicable ? "not applicable" : c.expect!.length === 0 ? "compliant" : "non-compliant";
        it(`${kind}: ${c.name}`, async () => {
            const report = await run(c.resources);
            if (c.notApplicable) {
                const stackLevel = report.notApplicable.filter((n) => n.policyName === POLICY && !n.urn);
                assert.deepEqual(
                    [...notApplicableFor(report, POLICY, c.resources[0]), ...stackLevel.map((n) => n.reason)],
                    [c.notApplicable],
                );
                assert.deepEqual(linesFor(report, POLICY), []);
            } else {
                assert.deepEqual(linesFor(report, POLICY), c.expect);
            }
        });
    }

    it("says which association it could not judge while the domain name is unknown (preview)", async () => {
        const report = await run([domain(UNKNOWN_PLACEHOLDER), ctrIntegration(UNKNOWN_PLACEHOLDER)]);
        assert.deepEqual(
            report.unknown.filter((v) => v.policyName === POLICY).map((v) => v.detail.split("\n").pop()),
            [
                "can't run policy 'connect-domain-name-prefix' from policy pack 'connect-customer-profiles-guard@v0.1.0' during preview: not judged until apply (values unknown during preview): the name of the domain ctr associates an instance with",
            ],
        );
    });

    it("is mandatory and registered in the pack, with the prefix the config enforces", () => {
        const policy = policies.find((p) => p.name === POLICY);
        assert.equal(policy?.enforcementLevel, "mandatory");
        assert.equal(POLICY_PREFIX, CONNECT_DOMAIN_PREFIX);
    });
});

describe("domain name of a stack with Connect instances (issue 9, item 1)", () => {
    it("rejects a name without the amazon-connect- prefix, saying why and that the name is create-only", () => {
        assert.deepEqual(checkConnectDomainName("CustomerProfiles-ExampleCorp-dev", 2), [
            {
                key: `${P}:domainName`,
                value: "CustomerProfiles-ExampleCorp-dev",
                expected:
                    'a name starting with "amazon-connect-" (e.g. amazon-connect-CustomerProfiles-ExampleCorp-dev), because the stack associates Amazon Connect instances and their service-linked role may use Customer Profiles only on domains named amazon-connect-* (AWS managed policy AmazonConnectServiceLinkedRolePolicy); the name is create-only, so renaming a deployed domain replaces it and loses its profiles',
            },
        ]);
        assert.equal(checkConnectDomainName("Amazon-Connect-examplecorp", 1).length, 1);
    });

    it("accepts amazon-connect- names, and leaves malformed names to the pattern rule (one problem per key)", () => {
        assert.deepEqual(checkConnectDomainName("amazon-connect-examplecorp-dev", 1), []);
        assert.deepEqual(checkConnectDomainName("CustomerProfiles-ExampleCorp", 0), []);
        assert.deepEqual(checkConnectDomainName("bad name", 1), []);
        assert.deepEqual(checkConnectDomainName("a".repeat(65), 1), []);
    });

    it("stops the real program with the seed's friendly name, which used to plan", async () => {
        const config = { ...devConfig(), [`${P}:domainName`]: "CustomerProfiles-ExampleCorp-dev" };
        await assert.rejects(runOfflinePlan({ config }), (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.match(
                (e as Error).message,
                /^Invalid stack configuration \(1 problem\):\n {2}- connect-customer-profiles:domainName: "CustomerProfiles-ExampleCorp-dev" is not valid; expected a name starting with "amazon-connect-"/,
            );
            return true;
        });
    });

    it("the dev stack's domain carries the prefix", () => {
        assert.ok(String(devConfig()[`${P}:domainName`]).startsWith("amazon-connect-"));
    });
});
