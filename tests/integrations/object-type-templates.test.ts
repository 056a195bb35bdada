// Issue 9, item 5: object types from a template. PutProfileObjectType (Customer Profiles API
// reference, TemplateId): with TemplateId set the service takes AllowProfileCreation,
// SourceLastUpdatedTimestampFormat, Fields and Keys from the template, and may answer
// BadRequestException when the request sends them too. Template names are the ones AWS documents
// (Administrator Guide, "Mapping … objects" pages and "Contact record templates"), not any name
// with an application's prefix.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as nativeProfiles from "@pulumi/aws-native/customerprofiles";
import { crossCheck, formatProblems, stackConfigSchema, validate } from "../../components/config";
import { CTR_TEMPLATE } from "../../components/domain/domain";
import {
    ALL_TEMPLATES,
    CTR_TEMPLATES,
    crossCheckIntegrations,
    templateApplication,
    TEMPLATES,
} from "../../components/integrations/config";
import { validateProfileObjectTypeArgs } from "../../components/integrations/integration";
import { CloudRefusalError } from "../../tools/lib/mock-cloud";
import { runOfflinePlan } from "../../tools/lib/offline";
import { devConfig, ofType, planFor } from "../support/plan";

const P = "connect-customer-profiles";
const lines = (raw: Record<string, unknown>) => {
    const r = validate(stackConfigSchema, raw);
    const problems = [...(r.ok ? [] : r.problems), ...crossCheck(raw), ...crossCheckIntegrations(raw, {})];
    return problems.length ? formatProblems(problems).split("\n").slice(1) : [];
};
const ARN = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555";
const salesforce = (objectTypeName: string) => ({
    name: "sf",
    application: "Salesforce",
    connectorProfile: { name: "examplecorp-salesforce" },
    object: "Account",
    fields: ["Id", "Name"],
    objectTypeName,
});
const base = (extra: Record<string, unknown>) => ({
    domainName: "amazon-connect-test",
    connectInstances: [{ name: "main", arn: ARN }],
    ...extra,
});

describe("object types from templates (issue 9, item 5)", () => {
    it("sends none of the attributes a template sets, for the CTR type and for integration templates", async () => {
        const plan = await planFor(devConfig());
        const templated = ofType(plan, "aws-native:customerprofiles:ObjectType").filter((t) => t.inputs.templateId);
        assert.deepEqual(templated.map((t) => t.inputs.templateId).sort(), ["CTR-NoInferred", "Salesforce-Account"]);
        for (const t of templated)
            for (const a of ["allowProfileCreation", "sourceLastUpdatedTimestampFormat", "fields", "keys"])
                assert.equal(t.inputs[a], undefined, `${t.urn}: ${a}`);
        // The custom type keeps its own settings.
        const custom = ofType(plan, "aws-native:customerprofiles:ObjectType").find((t) => !t.inputs.templateId)!;
        assert.equal(custom.inputs.allowProfileCreation, true);
    });

    it("the mock cloud refuses a template with attributes the template sets, as PutProfileObjectType may", async () => {
        const program = () => {
            new nativeProfiles.ObjectType("ctr", {
                domainName: "amazon-connect-test",
                objectTypeName: "CTR",
                templateId: "CTR-NoInferred",
                description: "contact records",
                allowProfileCreation: true,
            });
            return {};
        };
        await assert.rejects(runOfflinePlan({ config: { "aws:region": "eu-west-2" }, program }), (e: unknown) => {
            assert.ok(e instanceof CloudRefusalError, String(e));
            assert.deepEqual(
                e.refusals.map((r) => r.reason),
                [
                    "PutProfileObjectType with TemplateId CTR-NoInferred also sends allowProfileCreation, which the template sets: the service may refuse the request (BadRequestException)",
                ],
            );
            return true;
        });
        void pulumi;
    });

    it("checks template names against the documented list, not by prefix", () => {
        assert.equal(templateApplication("Salesforce-Account"), "Salesforce");
        assert.equal(templateApplication("Servicenow-incident"), "ServiceNow");
        assert.equal(templateApplication("Salesforce-Opportunity"), undefined);
        assert.equal(templateApplication("Marketo-Account"), undefined);
        assert.ok((CTR_TEMPLATES as readonly string[]).includes(CTR_TEMPLATE));
        assert.equal(CTR_TEMPLATE, "CTR-NoInferred");
        assert.equal(ALL_TEMPLATES.length, 10);
        assert.deepEqual(validateProfileObjectTypeArgs({ domainName: "d", keyArn: "k", template: "Zendesk-tickets" }), [
            `template: "Zendesk-tickets" is not valid; expected a template AWS documents for an integration (${Object.values(
                TEMPLATES,
            )
                .flat()
                .join(", ")})`,
        ]);
    });

    it("rejects an undocumented template that only looks like one, naming the documented ones", () => {
        assert.deepEqual(lines(base({ integrations: [salesforce("Salesforce-Opportunity")] })), [
            `  - ${P}:integrations[0].objectTypeName: "Salesforce-Opportunity" is not valid; expected a template AWS documents for Salesforce (Salesforce-Account, Salesforce-Contact) or the name of an object type declared in objectTypes`,
        ]);
    });

    it("suggests AWS's spelling of a template written in another case", () => {
        const raw = base({
            integrations: [
                {
                    ...salesforce("ServiceNow-sys_user"),
                    application: "ServiceNow",
                    object: "sys_user",
                    connectorProfile: { name: "sn" },
                },
            ],
        });
        assert.deepEqual(lines(raw), [
            `  - ${P}:integrations[0].objectTypeName: "ServiceNow-sys_user" is not valid; expected the template Servicenow-sys_user (AWS's spelling), or a template AWS documents for ServiceNow (Servicenow-sys_user, Servicenow-task, Servicenow-incident) or the name of an object type declared in objectTypes`,
        ]);
    });

    it("rejects a config that asks for a template and its own fields, keys and allowProfileCreation", () => {
        const raw = base({
            integrations: [salesforce("Salesforce-Account")],
            objectTypes: [
                {
                    name: "Salesforce-Account",
                    description: "accounts",
                    allowProfileCreation: true,
                    fields: { id: { source: "_source.Id", target: "_profile.AccountNumber" } },
                    keys: { id: [{ fieldNames: ["id"], standardIdentifiers: ["UNIQUE", "PROFILE"] }] },
                },
            ],
        });
        assert.deepEqual(lines(raw), [
            `  - ${P}:objectTypes[0].name: "Salesforce-Account" is not valid; expected a name that is not an AWS template ID (Salesforce-Account is one: its fields, keys and allowProfileCreation come from the template, and PutProfileObjectType may refuse them); remove this entry to use the template as it is, or give the custom type another name`,
        ]);
    });
});
