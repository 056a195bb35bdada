// Issue 24: configuration mistakes a new user makes in the first hour. A misspelt namespace
// (`connect-customer-profile:alarmEmail`) planned clean and dropped the alarm e-mail; `aws:regoin`
// and `alais` got no "did you mean"; a string where a list is expected got "valid JSON/YAML
// structured configuration"; an empty stack file reported only its first missing key.
import { strict as assert } from "assert";
import { checkTopLevelKeys, ConfigError, providerConfigKeys } from "../../components/config";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfig } from "../support/plan";

const P = "connect-customer-profiles";

async function problemsOf(config: Record<string, unknown>): Promise<string> {
    try {
        await runOfflinePlan({ config });
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.message;
    }
    assert.fail("the plan succeeded");
}

describe("configuration keys of the wrong namespace or misspelt (issue 24)", () => {
    it("fails the real program on a misspelt namespace, which used to drop the alarm e-mail in silence", async () => {
        const config = devConfig();
        config[`connect-customer-profile:alarmEmail`] = config[`${P}:alarmEmail`];
        delete config[`${P}:alarmEmail`];
        assert.equal(
            await problemsOf(config),
            "Invalid stack configuration (1 problem):\n" +
                "  - connect-customer-profile:alarmEmail: (value not shown) is not valid; expected no such namespace " +
                '"connect-customer-profile": did you mean `connect-customer-profiles:alarmEmail`?',
        );
    });

    it("answers a namespace near nothing with the namespaces that exist", () => {
        assert.deepEqual(
            checkTopLevelKeys(["azure:location"]).map((p) => p.expected),
            [
                'a key of this project (connect-customer-profiles:) or of a provider (aws:, aws-native:); "azure" is neither, so nothing would read it',
            ],
        );
        assert.deepEqual(
            checkTopLevelKeys(["aws-nativ:region"]).map((p) => p.expected),
            ['no such namespace "aws-nativ": did you mean `aws-native:region`?'],
        );
        // The engine's own keys and every key the providers declare are accepted.
        assert.deepEqual(
            checkTopLevelKeys(["pulumi:tags", "aws:defaultTags", "aws:assumeRoles", "aws-native:roleArn"]),
            [],
        );
        assert.ok(providerConfigKeys().aws.includes("region"));
    });

    it("suggests the provider key for `aws:regoin`", async () => {
        const config = devConfig();
        config["aws:regoin"] = "eu-west-2";
        assert.equal(
            await problemsOf(config),
            "Invalid stack configuration (1 problem):\n" +
                "  - aws:regoin: (value not shown) is not valid; expected no such setting: did you mean `region`?",
        );
    });

    it("suggests `alias` for `alais` in a Connect instance, instead of the vague union message", async () => {
        const config = devConfig();
        const instances = config[`${P}:connectInstances`] as Record<string, unknown>[];
        instances[0] = { ...instances[0], alais: instances[0].alias };
        delete instances[0].alias;
        assert.equal(
            await problemsOf(config),
            "Invalid stack configuration (1 problem):\n" +
                `  - ${P}:connectInstances[0].alais: "examplecorp-support-dev" is not valid; expected no such setting: did you mean \`alias\`?`,
        );
    });

    it("names the key, the value and the list it expects for a string where a list is expected", async () => {
        const config = devConfig();
        config[`${P}:profileApiCallers`] = "arn:aws:iam::123456789012:role/crm-sync";
        assert.equal(
            await problemsOf(config),
            "Invalid stack configuration (1 problem):\n" +
                `  - ${P}:profileApiCallers: "arn:aws:iam::123456789012:role/crm-sync" is not valid; expected a list of IAM role or user ARNs`,
        );
    });
});
