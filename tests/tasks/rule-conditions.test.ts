// Issue 9, item 4: Connect rule conditions for OnSalesforceCaseCreate as the Connect API Reference
// documents them (Rules Function language → Conditions → OnSalesforceCaseCreate): only the listed
// case fields, each with its operators (EQUALS, or CONTAINS where allowed), exactly one operand per
// comparison; several values become an OR of comparisons. Task name, description and reference
// values use only the documented $.ThirdParty.Salesforce.CaseCreate.* variables (Administrator
// Guide, variables for rules created through the Connect APIs).
import { strict as assert } from "assert";
import { crossCheck, formatProblems, stackConfigSchema, validate } from "../../components/config";
import { CONDITION_OPERATORS, undocumentedVariables } from "../../components/tasks/config";
import { ruleFunction } from "../../components/tasks/salesforce-tasks";
import { devConfig, ofType, planFor } from "../support/plan";

const P = "connect-customer-profiles";
const ARN = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555";
const K = `${P}:salesforceTasks.rules[0]`;
const withRule = (rule: Record<string, unknown>) => ({
    domainName: "amazon-connect-test",
    connectInstances: [{ name: "main", arn: ARN }],
    salesforceTasks: {
        connection: { connectorProfileName: "sf", instanceUrl: "https://x.my.salesforce.com" },
        rules: [{ instance: "main", name: "r", contactFlowId: "f", taskName: "Case", ...rule }],
    },
});
const lines = (raw: Record<string, unknown>) => {
    const r = validate(stackConfigSchema, raw);
    const problems = [...(r.ok ? [] : r.problems), ...crossCheck(raw)];
    return problems.length ? formatProblems(problems).split("\n").slice(1) : [];
};
const FIELDS = "one of AccountId, Name, Email, Phone, Company, Type, Reason, Origin, Subject, Priority, Description";

describe("Salesforce rule conditions (issue 9, item 4)", () => {
    it("rejects fields AWS does not document as comparable (Status, CaseNumber)", () => {
        assert.deepEqual(lines(withRule({ conditions: [{ field: "Status", anyOf: ["New"] }] })), [
            `  - ${K}.conditions[0].field: "Status" is not valid; expected ${FIELDS}`,
        ]);
        assert.deepEqual(lines(withRule({ conditions: [{ field: "CaseNumber", anyOf: ["1"] }] })), [
            `  - ${K}.conditions[0].field: "CaseNumber" is not valid; expected ${FIELDS}`,
        ]);
    });

    it("accepts CONTAINS only where AWS documents it", () => {
        assert.deepEqual(
            lines(withRule({ conditions: [{ field: "Subject", operator: "CONTAINS", anyOf: ["refund"] }] })),
            [],
        );
        assert.deepEqual(
            lines(withRule({ conditions: [{ field: "Priority", operator: "CONTAINS", anyOf: ["Hi"] }] })),
            [
                `  - ${K}.conditions[0].operator: "CONTAINS" is not valid; expected EQUALS: the only operator AWS documents for Priority on OnSalesforceCaseCreate`,
            ],
        );
        assert.deepEqual(
            lines(withRule({ conditions: [{ field: "Origin", operator: "CONTAINS_ANY", anyOf: ["Web"] }] })),
            [`  - ${K}.conditions[0].operator: "CONTAINS_ANY" is not valid; expected EQUALS or CONTAINS`],
        );
    });

    it("needs one value per condition when several conditions must all hold, not with match: any", () => {
        const conditions = [
            { field: "Priority", anyOf: ["High", "Urgent"] },
            { field: "Origin", anyOf: ["Web"] },
        ];
        assert.deepEqual(lines(withRule({ conditions })), [
            `  - ${K}.conditions[0].anyOf: ["High","Urgent"] is not valid; expected one value when the rule has several conditions and match is all (a rule function is one AND or OR of single-value comparisons); use match: any, or one condition`,
        ]);
        assert.deepEqual(lines(withRule({ conditions, match: "any" })), []);
    });

    it("generates one single-operand comparison per value: AND of conditions, OR of values", () => {
        const c = (
            field: "Priority" | "Origin" | "Subject",
            anyOf: string[],
            operator: "EQUALS" | "CONTAINS" = "EQUALS",
        ) => ({
            field,
            operator,
            anyOf,
        });
        const cmp = (field: string, value: string, op = "EQUALS") => ({
            Operator: op,
            Operands: [value],
            ComparisonValue: `$.ThirdParty.Salesforce.CaseCreate.${field}`,
            Negate: false,
        });
        assert.deepEqual(JSON.parse(ruleFunction([c("Priority", ["High"]), c("Subject", ["refund"], "CONTAINS")])), {
            Version: "2022-11-25",
            RuleFunction: {
                Operator: "AND",
                Operands: [cmp("Priority", "High"), cmp("Subject", "refund", "CONTAINS")],
            },
        });
        assert.deepEqual(JSON.parse(ruleFunction([c("Origin", ["Web", "Phone"])])).RuleFunction, {
            Operator: "OR",
            Operands: [cmp("Origin", "Web"), cmp("Origin", "Phone")],
        });
        assert.deepEqual(
            JSON.parse(ruleFunction([c("Priority", ["High", "Urgent"]), c("Origin", ["Web"])], "any")).RuleFunction,
            {
                Operator: "OR",
                Operands: [cmp("Priority", "High"), cmp("Priority", "Urgent"), cmp("Origin", "Web")],
            },
        );
    });

    it("the dev plan's rules compare only documented fields, with their operators, one operand each", async () => {
        const plan = await planFor(devConfig());
        const rules = ofType(plan, "aws-native:connect:Rule");
        assert.ok(rules.length >= 2);
        let comparisons = 0;
        for (const r of rules) {
            const fn = JSON.parse(r.inputs.function as string);
            assert.ok(["AND", "OR"].includes(fn.RuleFunction.Operator));
            for (const o of fn.RuleFunction.Operands) {
                const field = String(o.ComparisonValue).replace("$.ThirdParty.Salesforce.CaseCreate.", "");
                assert.ok(field in CONDITION_OPERATORS, field);
                assert.ok(
                    (CONDITION_OPERATORS as Record<string, readonly string[]>)[field].includes(o.Operator),
                    o.Operator,
                );
                assert.equal(o.Operands.length, 1);
                comparisons++;
            }
            const action = (r.inputs.actions as any).taskActions[0];
            for (const text of [
                action.name,
                action.description,
                ...Object.values(action.references ?? {}).map((x: any) => x.value),
            ])
                if (typeof text === "string") assert.deepEqual(undocumentedVariables(text), [], text);
        }
        assert.ok(comparisons >= 1);
    });
});

describe("Salesforce task variables (issue 9, item 4)", () => {
    it("rejects an undocumented variable (the case Id) in a reference, naming the documented ones", () => {
        const raw = withRule({
            references: {
                Case: {
                    type: "URL",
                    value: "https://x.my.salesforce.com/lightning/r/Case/$.ThirdParty.Salesforce.CaseCreate.Id/view",
                },
            },
        });
        assert.deepEqual(lines(raw), [
            `  - ${K}.references.Case.value: "https://x.my.salesforce.com/lightning/r/Case/$.ThirdParty.Salesforce.CaseCreate.Id/view" is not valid; expected only the variables AWS documents for OnSalesforceCaseCreate ($.ThirdParty.Salesforce.CaseCreate. + CaseNumber, Name, Email, Phone, Company, Type, Reason, Origin, Subject, Priority, CreatedDate, Description); $.ThirdParty.Salesforce.CaseCreate.Id is not one of them`,
        ]);
    });

    it("checks task names and descriptions too, and accepts every documented variable", () => {
        assert.equal(lines(withRule({ taskName: "Case $.ThirdParty.Salesforce.CaseCreate.Status" })).length, 1);
        assert.equal(lines(withRule({ taskDescription: "From $.Salesforce.Case.Name" })).length, 1);
        assert.deepEqual(
            lines(
                withRule({
                    taskName: "Case $.ThirdParty.Salesforce.CaseCreate.CaseNumber.",
                    taskDescription:
                        "$.ThirdParty.Salesforce.CaseCreate.CreatedDate: $.ThirdParty.Salesforce.CaseCreate.Description",
                }),
            ),
            [],
        );
    });
});
