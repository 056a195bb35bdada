// The GitHub Actions OIDC provider and a role trusted by the jobs of one workflow file in one
// GitHub environment of one repository (lib/github.ts), with its permissions as customer managed
// policies (packed under the managed-policy size quota).
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import {
    GITHUB_OIDC_AUDIENCE,
    GITHUB_OIDC_HOST,
    MANAGED_POLICIES_PER_ROLE,
    packStatements,
    Statement,
} from "./policies";
import { gateTrustPolicy } from "./github";

/**
 * The account's GitHub OIDC provider: the existing one when its ARN is given (IAM allows one
 * provider per URL in an account), else a new one for https://token.actions.githubusercontent.com
 * with the audience sts.amazonaws.com. No thumbprint: it is optional in CreateOpenIDConnectProvider
 * (IAM API Reference), and IAM validates GitHub's certificate against its trusted root CAs.
 */
export function githubOidcProvider(
    name: string,
    args: { existingArn?: string; tags: Record<string, string> },
): pulumi.Output<string> {
    if (args.existingArn) return pulumi.output(args.existingArn);
    return new iam.OpenIdConnectProvider(
        name,
        { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags: args.tags },
        // Other repositories of the account may come to trust it: never deleted by accident.
        { protect: true },
    ).arn;
}

export interface GitHubRoleArgs {
    /** The IAM role name. */
    roleName: string;
    description: string;
    providerArn: pulumi.Input<string>;
    /**
     * The OIDC subject of the one gate (lib/github.ts gateSubject) whose jobs may assume the role:
     * `repo:OWNER/REPO:environment:ENV:job_workflow_ref:OWNER/REPO/.github/workflows/FILE@REF`.
     */
    subject: string;
    /** The role's permissions (plain documents: they depend on configuration only). */
    statements: Statement[];
    tags: Record<string, string>;
}

export class GitHubRole extends pulumi.ComponentResource {
    public readonly arn: pulumi.Output<string>;
    public readonly policyCount: number;

    constructor(name: string, args: GitHubRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("customer-profiles-bootstrap:index:GitHubRole", name, {}, opts);
        const documents = packStatements(args.statements);
        if (documents.length > MANAGED_POLICIES_PER_ROLE)
            throw new pulumi.RunError(
                `role ${args.roleName} needs ${documents.length} managed policies; IAM attaches at most ${MANAGED_POLICIES_PER_ROLE} to a role`,
            );
        const role = new iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                description: args.description,
                assumeRolePolicy: pulumi
                    .output(args.providerArn)
                    .apply((arn) => JSON.stringify(gateTrustPolicy(arn, args.subject))),
                tags: args.tags,
            },
            { parent: this },
        );
        documents.forEach((document, i) => {
            const policy = new iam.Policy(
                `${name}-policy-${i + 1}`,
                {
                    name: `${args.roleName}-${i + 1}`,
                    description: `${args.description} (${i + 1} of ${documents.length})`,
                    policy: JSON.stringify(document),
                    tags: args.tags,
                },
                { parent: this },
            );
            new iam.RolePolicyAttachment(
                `${name}-policy-${i + 1}`,
                { role: role.name, policyArn: policy.arn },
                { parent: this },
            );
        });
        this.arn = role.arn;
        this.policyCount = documents.length;
        this.registerOutputs({ arn: this.arn });
    }
}
