// The offline analyzer's policy configuration (tools/lib/analyzer.ts resolvePolicyConfig): it compiles
// one validator per distinct config schema and does not check the schemas against the draft-07
// meta-schema at run time, so this spec checks the pack's schemas, and that a shared validator still
// reports each policy's own errors and values.
import * as assert from "assert";
import Ajv from "ajv";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policies/pack";
import { PolicyConfigError, resolvePolicyConfig } from "../../tools/lib/analyzer";

function configError(file: Record<string, unknown>): string {
    try {
        resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, file);
    } catch (e) {
        if (e instanceof PolicyConfigError) return e.message;
        throw e;
    }
    throw new Error("expected a PolicyConfigError");
}

describe("policy configuration (offline analyzer)", () => {
    it("every policy's config schema is a valid draft-07 JSON schema", () => {
        const ajv = new Ajv({ strict: false });
        for (const p of policies) {
            const schema = {
                type: "object",
                properties: p.configSchema?.properties ?? {},
                required: p.configSchema?.required ?? [],
            };
            assert.strictEqual(ajv.validateSchema(schema), true, `${p.name}: ${ajv.errorsText()}`);
        }
    });

    it("every policy's defaults satisfy its schema (the analyzer does not validate a policy given no settings)", () => {
        const ajv = new Ajv({ allErrors: true, strict: false });
        const resolved = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, {});
        for (const p of policies) {
            assert.deepStrictEqual(p.configSchema?.required ?? [], [], `${p.name} has required settings`);
            const validate = ajv.compile({ type: "object", properties: p.configSchema?.properties ?? {} });
            assert.strictEqual(
                validate(resolved[p.name].properties),
                true,
                `${p.name}: ${ajv.errorsText(validate.errors)}`,
            );
        }
    });

    it("a policy given only an enforcement level keeps its defaults; one given settings is validated", () => {
        const resolved = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, {
            "other-accounts": { enforcementLevel: "advisory" },
            "s3-acls-disabled": "disabled",
        });
        assert.deepStrictEqual(resolved["other-accounts"], {
            enforcementLevel: "advisory",
            properties: { exemptResources: [], trustedAccounts: [] },
        });
        assert.strictEqual(
            configError({ "other-accounts": { enforcementLevel: "advisory", trustedAccounts: ["12"] } }),
            'invalid policy configuration:\n  other-accounts: /trustedAccounts/0 must match pattern "^\\d{12}$" (got "12")',
        );
    });

    it("policies whose schemas differ only in descriptions each report their own errors and values", () => {
        // Both policies have only `exemptResources`; their schemas share one compiled validator.
        assert.strictEqual(
            configError({
                "s3-acls-disabled": { exemptResources: "bucket-a" },
                "s3-versioning-enabled": { exemptResources: [7] },
            }),
            [
                "invalid policy configuration:",
                // In the pack's order (policies/pack.ts).
                "  s3-versioning-enabled: /exemptResources/0 must be string (got 7)",
                '  s3-acls-disabled: /exemptResources must be array (got "bucket-a")',
            ].join("\n"),
        );
    });

    it("defaults are applied by the analyzer, not by the shared validator", () => {
        const resolved = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, {
            "kms-grant-narrow-operations": { allowedOperations: ["Decrypt"] },
        });
        assert.deepStrictEqual(resolved["kms-grant-narrow-operations"].properties, {
            exemptResources: [],
            allowedOperations: ["Decrypt"],
        });
        // Another policy with the same shape keeps its own defaults.
        assert.deepStrictEqual(resolved["s3-acls-disabled"].properties, { exemptResources: [] });
    });
});
