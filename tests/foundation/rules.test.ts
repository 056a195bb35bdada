// One source of truth per rule: the configuration schema and the components' own argument checks
// judge a value by the same rule (components/common/names.ts) and state the same expected form.
import { strict as assert } from "assert";
import {
    DOMAIN_NAME,
    validateAlarmTopicArgs,
    validateDomainKeyArgs,
    validateProfileExportArgs,
    validateWorkflowRoleArgs,
    validate,
    stackConfigSchema,
} from "../../components";

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
