// One source of truth per rule: the configuration schema and the components' own argument checks
// judge a value by the same rule (components/common/names.ts, or the feature's config.ts) and state
// the same expected form.
import { strict as assert } from "assert";
import {
    DOMAIN_NAME,
    MAX_EXPIRATION_DAYS,
    SalesforceTasksArgs,
    validateAlarmTopicArgs,
    validateCustomerProfilesDomainArgs,
    validateDomainKeyArgs,
    validateProfileExportArgs,
    validateSalesforceTasksArgs,
    validateWorkflowRoleArgs,
    validate,
    stackConfigSchema,
} from "../../components";
import { EVENT_STREAM_NAME } from "../../components/streaming/config";
import { TASK_RULE_NAME } from "../../components/tasks/config";

const context = { accountId: "123456789012", region: "eu-west-2", partition: "aws" };
const tooLong = "d".repeat(65);
const expectedForm = `domainName: ${JSON.stringify(tooLong)} is not valid; expected ${DOMAIN_NAME.form}`;

describe("one rule, one message", () => {
    it("every component that takes a domain name rejects a 65-character one with the same message", () => {
        assert.deepEqual(validateDomainKeyArgs({ domainName: tooLong, context }), [expectedForm]);
        assert.deepEqual(
            validateProfileExportArgs({ domainName: tooLong, eventStreamName: "crm", context } as never).filter((p) =>
                p.startsWith("domainName"),
            ),
            [expectedForm],
        );
        assert.deepEqual(
            validateWorkflowRoleArgs({
                domainName: tooLong,
                keyArn: "arn:aws:kms:eu-west-2:123456789012:key/k",
                connectorProfileNames: ["sf"],
                context,
            }).filter((p) => p.startsWith("domainName")),
            [expectedForm],
        );
    });

    it("the configuration schema states the same form for the same rule", () => {
        const result = validate(stackConfigSchema, { domainName: tooLong });
        assert.equal(result.ok, false);
        const domain = !result.ok ? result.problems.find((p) => p.key.endsWith("domainName")) : undefined;
        assert.equal(domain?.expected, DOMAIN_NAME.form);
        assert.deepEqual(validateAlarmTopicArgs({ context, emailEndpoint: "x" }), [
            'emailEndpoint: "x" is not valid; expected an e-mail address such as oncall@example.com',
        ]);
    });
});

/** The expected form the configuration schema states for the one key ending in `suffix`. */
function configForm(raw: Record<string, unknown>, suffix: string): string | undefined {
    const result = validate(stackConfigSchema, raw);
    const found = result.ok ? [] : result.problems.filter((p) => p.key.endsWith(suffix));
    assert.equal(found.length, 1, `one problem for ${suffix}: ${JSON.stringify(result)}`);
    return found[0].expected;
}

// Each rule below used to be written twice, with two different messages: once in the configuration
// schema and once in the component's own argument check. The configuration's form is asserted against
// a literal; the component is asserted to state that same form, so the two cannot drift apart again.
describe("one rule, one message: task rule names, event stream names, expiration days", () => {
    it("a Connect task rule name: validateSalesforceTasksArgs states the configuration's form", () => {
        const rule = {
            instance: "main",
            name: "r",
            contactFlowId: "abc",
            taskName: "t",
            conditions: [],
            match: "all" as const,
            publish: true,
        };
        const args: SalesforceTasksArgs = {
            connection: { connectorProfileName: "sf", instanceUrl: "https://x.my.salesforce.com" },
            flowName: "flow-1",
            instances: [{ name: "main", arn: "arn" }],
            rules: [rule],
            keyArn: "k",
            context,
        };
        assert.deepEqual(validateSalesforceTasksArgs(args), []);
        for (const name of ["new case", "n".repeat(201), "", "case/new"]) {
            const form = configForm(
                {
                    salesforceTasks: {
                        connection: args.connection,
                        rules: [{ instance: "main", name, contactFlowId: "abc", taskName: "t" }],
                    },
                },
                "salesforceTasks.rules[0].name",
            );
            assert.equal(form, 'a rule name of 1–200 letters, digits, ".", "_" or "-"', name);
            assert.equal(form, TASK_RULE_NAME.form);
            assert.deepEqual(validateSalesforceTasksArgs({ ...args, rules: [{ ...rule, name }] }), [
                `rules[0].name: ${JSON.stringify(name)} is not valid; expected ${form}`,
            ]);
        }
    });

    it("an event stream name: validateProfileExportArgs states the configuration's form", () => {
        for (const name of ["crm sync", "e".repeat(65), ""]) {
            const form = configForm({ profileExports: [{ name }] }, "profileExports[0].name");
            assert.equal(form, 'an event stream name of 1–64 letters, digits, "_" or "-"', name);
            assert.equal(form, EVENT_STREAM_NAME.form);
            const args = { domainName: "amazon-connect-test", eventStreamName: name, context } as never;
            assert.deepEqual(validateProfileExportArgs(args), [
                `eventStreamName: ${JSON.stringify(name)} is not valid; expected ${form}`,
            ]);
        }
        const ok = { domainName: "amazon-connect-test", eventStreamName: "e".repeat(64), context } as never;
        assert.deepEqual(validateProfileExportArgs(ok), []);
    });

    it("the domain's defaultExpirationDays: validateCustomerProfilesDomainArgs states the configuration's form", () => {
        const under = "a whole number of days from 1 to 1096";
        const over = "a whole number of days from 1 to 1096 (the service's retention quota)";
        const cases: [unknown, string][] = [
            [0, under],
            [-1, under],
            [30.5, under],
            ["a year", under],
            [1097, over],
            [5000, over],
        ];
        for (const [days, literal] of cases) {
            const form = configForm({ defaultExpirationDays: days }, ":defaultExpirationDays");
            assert.equal(form, literal, String(days));
            const domainArgs = { domainName: "amazon-connect-test", defaultExpirationDays: days as number, context };
            assert.deepEqual(validateCustomerProfilesDomainArgs(domainArgs), [
                `defaultExpirationDays: ${JSON.stringify(days)} is not valid; expected ${form}`,
            ]);
        }
        for (const days of [1, MAX_EXPIRATION_DAYS])
            assert.deepEqual(
                validateCustomerProfilesDomainArgs({
                    domainName: "amazon-connect-test",
                    defaultExpirationDays: days,
                    context,
                }),
                [],
            );
    });
});
