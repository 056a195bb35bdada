import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import {
    AccountContext,
    connectorProfileArn,
    CUSTOMER_PROFILES_SERVICE,
    PolicyDocument,
} from "../common/policy-documents";
import { APPFLOW_CONNECTOR_PROFILE_NAME_PATTERN } from "./config";
import { DOMAIN_NAME } from "../common/names";
import { notValid } from "../common/problems";
import { ArgsError } from "../common/errors";
import { ExistingRole, stackPermissionsBoundary } from "../common/boundary";

/** The tag Customer Profiles puts on the flows and integrations its workflows create. */
export const WORKFLOW_OWNING_SERVICE_TAG = "awsOwningService";
export const WORKFLOW_OWNING_SERVICE = "customer-profiles-integration-workflow";

/**
 * The trust policy: only Customer Profiles acting for this account (`aws:SourceAccount`) assumes the
 * role. No page documents the trust policy of this role, nor the source ARN Customer Profiles sends
 * when it assumes it (Amazon Connect Administrator Guide, "Set up integration for featured
 * applications", https://docs.aws.amazon.com/connect/latest/adminguide/integrate-customer-profiles-appflow.html,
 * documents its permissions only); an `aws:SourceArn` = the domain, required until now, is a guess that
 * would stop every workflow silently if the service sends another ARN (e.g. the workflow's). The key
 * that is documented for profile.amazonaws.com is `aws:SourceAccount` (every example of "Cross-service
 * confused deputy prevention", https://docs.aws.amazon.com/connect/latest/adminguide/cross-service-confused-deputy-prevention.html;
 * registry entry `profile-workflow-role-trust`). What binds the role to this domain is its permissions:
 * this domain's key only, flows and integrations tagged by the workflow service only, these
 * integrations' connector profiles only. The first workflow run proves the trust (the doctor reports
 * a failed workflow).
 */
export function workflowRoleTrustPolicy(ctx: AccountContext, _domainName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CustomerProfilesWorkflowsOfThisDomain",
                Effect: "Allow",
                Principal: { Service: CUSTOMER_PROFILES_SERVICE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
            },
        ],
    };
}

/**
 * The permissions of the workflow role: AWS's least-privilege policy for integration workflows
 * (Amazon Connect Administrator Guide, "Set up integration for featured applications in Amazon Connect",
 * section "Grant least privilege access to your Customer Profiles execution role"), statement for statement, with one tightening: `UseConnectorResources` names
 * the connector profiles the domain's workflows read instead of `*` (the action takes
 * connector-profile ARNs as its resource).
 */
export function workflowRolePolicy(
    ctx: AccountContext,
    args: { keyArn: string; connectorProfileNames: string[] },
): PolicyDocument {
    const owning = `aws:RequestTag/${WORKFLOW_OWNING_SERVICE_TAG}`;
    const owned = `aws:ResourceTag/${WORKFLOW_OWNING_SERVICE_TAG}`;
    const profiles = [...new Set(args.connectorProfileNames)].sort().map((n) => connectorProfileArn(ctx, n));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateFlowResources",
                Effect: "Allow",
                Action: ["appflow:CreateFlow", "appflow:TagResource", "profile:TagResource", "profile:PutIntegration"],
                Resource: "*",
                Condition: { "ForAnyValue:StringEquals": { [owning]: [WORKFLOW_OWNING_SERVICE] } },
            },
            {
                Sid: "UseConnectorResources",
                Effect: "Allow",
                Action: ["appflow:UseConnectorProfile"],
                Resource: profiles.length === 1 ? profiles[0] : profiles,
            },
            {
                Sid: "AccessFlowResources",
                Effect: "Allow",
                Action: [
                    "appflow:DescribeFlow",
                    "appflow:DescribeFlowExecutionRecords",
                    "appflow:DeleteFlow",
                    "appflow:StartFlow",
                    "appflow:StopFlow",
                    "appflow:UpdateFlow",
                    "profile:DeleteIntegration",
                ],
                Resource: "*",
                Condition: { "ForAnyValue:StringEquals": { [owned]: [WORKFLOW_OWNING_SERVICE] } },
            },
            {
                Sid: "KMSAppflow",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants"],
                Resource: args.keyArn,
                Condition: { StringEquals: { "kms:ViaService": `appflow.${ctx.region}.amazonaws.com` } },
            },
            {
                Sid: "KMSCustomerProfiles",
                Effect: "Allow",
                Action: ["kms:CreateGrant"],
                Resource: args.keyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": `profile.${ctx.region}.amazonaws.com` },
                    "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt"] },
                },
            },
        ],
    };
}

/** Arguments of {@link WorkflowRole}. */
export interface WorkflowRoleArgs {
    /**
     * The domain whose workflows assume the role (one role per domain).
     * @default — required
     */
    domainName: pulumi.Input<string>;
    /**
     * The domain's KMS key: the only key the role may create grants on.
     * @default — required
     */
    keyArn: pulumi.Input<string>;
    /**
     * Names of the AppFlow connector profiles the domain's workflows read.
     * @default — required (at least one)
     */
    connectorProfileNames: string[];
    /**
     * Account, region and partition of the stack: every policy condition and ARN is built from them.
     * @default — required (use `accountContext()`)
     */
    context: pulumi.Input<AccountContext>;
    /**
     * The role the bootstrap created for this stack (`bootstrapRoles: true`: components/common/boundary.ts
     * `bootstrapRole`), with the trust {@link workflowRoleTrustPolicy} and the stack's boundary: the
     * component then creates no role and only puts the role's inline policy on it.
     * @default — the component creates the role
     */
    existingRole?: ExistingRole;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** IAM role names (IAM API Reference, CreateRole, RoleName: [\w+=,.@-]+, 1-64). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function validateWorkflowRoleArgs(args: WorkflowRoleArgs): string[] {
    const problems: string[] = [];
    if (typeof args.domainName === "string" && !DOMAIN_NAME.test(args.domainName))
        problems.push(notValid("domainName", args.domainName, DOMAIN_NAME.form));
    if (args.connectorProfileNames.length === 0)
        problems.push(
            "connectorProfileNames: [] is not valid; expected at least one connector profile name (a workflow reads from one)",
        );
    if (args.existingRole && !IAM_ROLE_NAME.test(args.existingRole.name))
        problems.push(
            `existingRole.name: ${JSON.stringify(args.existingRole.name)} is not valid; expected an IAM role name (1-64 letters, digits or +=,.@_-)`,
        );
    for (const n of args.connectorProfileNames) {
        if (!APPFLOW_CONNECTOR_PROFILE_NAME_PATTERN.test(n))
            problems.push(
                `connectorProfileNames: ${JSON.stringify(n)} is not valid; expected an AppFlow connector profile name`,
            );
    }
    return problems;
}

/**
 * The IAM role Customer Profiles assumes to run a domain's integration workflows (historical
 * ingestion): it creates, runs and deletes the AppFlow flows the workflow owns (tagged
 * awsOwningService), reads only the domain's connector profiles, and uses only the domain's key,
 * only through AppFlow and Customer Profiles. Trusted only by Customer Profiles acting for this
 * domain. One role per domain.
 */
export class WorkflowRole extends pulumi.ComponentResource {
    /** The role, when the component creates it (no `existingRole`). */
    public readonly role?: iam.Role;
    public readonly rolePolicy: iam.RolePolicy;
    public readonly roleArn: pulumi.Output<string>;
    public readonly trustPolicy: pulumi.Output<PolicyDocument>;
    public readonly policy: pulumi.Output<PolicyDocument>;

    constructor(name: string, args: WorkflowRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("WorkflowRole", name, validateWorkflowRoleArgs(args));
        super("customer-profiles:index:WorkflowRole", name, {}, opts);
        this.trustPolicy = pulumi
            .all([args.context, args.domainName])
            .apply(([ctx, d]) => workflowRoleTrustPolicy(ctx, d));
        this.policy = pulumi
            .all([args.context, args.keyArn])
            .apply(([ctx, keyArn]) =>
                workflowRolePolicy(ctx, { keyArn, connectorProfileNames: args.connectorProfileNames }),
            );
        if (!args.existingRole)
            this.role = new iam.Role(
                `${name}-role`,
                {
                    description: pulumi.interpolate`Customer Profiles integration workflows of domain ${args.domainName}`,
                    assumeRolePolicy: this.trustPolicy.apply((p) => JSON.stringify(p)),
                    maxSessionDuration: 3600,
                    permissionsBoundary: stackPermissionsBoundary(args.context),
                    tags: args.tags,
                },
                { parent: this },
            );
        this.rolePolicy = new iam.RolePolicy(
            `${name}-policy`,
            { role: this.role?.name ?? args.existingRole!.name, policy: this.policy.apply((p) => JSON.stringify(p)) },
            { parent: this },
        );
        this.roleArn = this.role?.arn ?? pulumi.output(args.existingRole!.arn);
        this.registerOutputs({ roleArn: this.roleArn, trustPolicy: this.trustPolicy, policy: this.policy });
    }
}
