// The deploy role's resource scope (bootstrap/lib/scope.ts) must cover the names the program gives its
// resources, including the edge cases the naming functions handle (components/audit/policies.ts
// auditTrailName; components/streaming/instance-streaming.ts streamNameFor, streamKeyAliasName): a name
// outside the scope is an AccessDenied at `pulumi up` (CreateTrail, CreateStream, CreateDeliveryStream,
// CreateAlias), for the stacks whose names need those cases.
import * as assert from "assert";
import { auditTrailName } from "../../components/audit/policies";
import { streamKeyAliasName, streamNameFor, streamNamesCollide } from "../../components/streaming/instance-streaming";
import { resourceScope } from "../../bootstrap/lib/scope";

const ACCOUNT = { partition: "aws", account: "123456789012", region: "eu-west-2" };
const prefix = (service: string) => `arn:aws:${service}:eu-west-2:123456789012:`;
const glob = (pattern: string) =>
    new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
const covered = (scope: Record<string, string[]>, service: string, arn: string) =>
    (scope[service] ?? []).some((p) => glob(p).test(arn));

// [stack, domain, instance]: plain names; a domain with separator runs; a stack with "."; a long stack
// and instance whose two stream names collide on the plain cut (hashed names).
const CASES: [string, string, string][] = [
    ["dev", "customer-profiles-dev", "support"],
    ["prod", "_profiles--prod-", "sales"],
    ["team.prod", "profiles", "support"],
    ["customer-profiles-production-eu-west-2", "profiles", "support-instance-eu-west"],
    ["customer-profiles-production-europe-west-two-main", "profiles", "i"],
];

describe("bootstrap: the deploy role's scope covers the program's names", () => {
    for (const [stack, domain, instance] of CASES) {
        it(`stack ${stack}, domain ${domain}, instance ${instance}`, () => {
            const scope = resourceScope(ACCOUNT, { name: "env", stack, domainName: domain });
            const trail = `${prefix("cloudtrail")}trail/${auditTrailName(domain)}`;
            assert.ok(covered(scope, "cloudtrail", trail), trail);
            const unique = streamNamesCollide(stack, instance);
            for (const kind of ["ctr", "agent-events"] as const) {
                const stream = `${prefix("kinesis")}stream/${streamNameFor(stack, instance, kind, unique)}`;
                assert.ok(covered(scope, "kinesis", stream), stream);
            }
            const delivery = `${prefix("firehose")}deliverystream/${streamNameFor(stack, instance, "ctr")}`;
            assert.ok(covered(scope, "firehose", delivery), delivery);
            const alias = `${prefix("kms")}${streamKeyAliasName(stack, instance)}`;
            assert.ok(covered(scope, "kms", alias), alias);
        });
    }

    it("the cases reach each naming edge: a collapsed trail name, a changed alias, hashed stream names", () => {
        assert.strictEqual(auditTrailName("_profiles--prod-"), "customer-profiles-profiles-prod-audit");
        assert.strictEqual(streamKeyAliasName("team.prod", "support"), "alias/connect-streaming/team-prod/support");
        assert.strictEqual(streamNamesCollide(CASES[3][0], CASES[3][2]), true);
        assert.strictEqual(streamNamesCollide(CASES[4][0], CASES[4][2]), false);
    });
});
