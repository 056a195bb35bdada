// The bootstrap program: the identities CI uses for the main program, deployed once per account
// with an administrator's credentials (docs/bootstrap.md). Wiring only: configuration → the gates
// (lib/github.ts: the repository's OIDC subject template and one protected GitHub environment per
// role) → the GitHub OIDC provider → one preview role, and per stack environment a deploy, an
// operator and a re-ingestion role, each trusting its gate's workflow file and environment alone,
// with the policy documents of lib/policies.ts.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import { getPartition } from "@pulumi/aws/getPartition";
import { getRegion } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import { ciRoleName, loadConfig } from "./lib/config";
import { alertRules, IAM_EVENTS_REGION, SecurityAlerts, securityAlertDenyStatements } from "./lib/alerts";
import { GitHubRole, githubOidcProvider } from "./lib/roles";
import { Gate, GateRole, gates as gatesOf, gateSubject, GitHubGates } from "./lib/github";
import { BOUNDARY_PATH, boundaryDocument, boundaryPolicyName, STACK_TAG } from "./lib/guardrails";
import { stackRoles } from "./lib/stack-roles";
import { deployStatements, operatorStatements, previewStatements, reingestStatements } from "./lib/policies";
import { resourceControlPolicy, serviceControlPolicy } from "./lib/organization";

export = async () => {
    const cfg = loadConfig();
    const [identity, partition, region] = await Promise.all([getCallerIdentity({}), getPartition({}), getRegion({})]);
    const ctx = { account: identity.accountId, partition: partition.partition, region: region.region };
    const tags = { "managed-by": "connect-customer-profiles-bootstrap", repository: cfg.repository };
    // The token of the GitHub provider: config github:token, set with --secret (docs/bootstrap.md).
    const token = new pulumi.Config("github").getSecret("token");
    const gates = gatesOf(cfg);
    const gate = (role: GateRole, env?: string): Gate =>
        gates.find((g) => g.role === role && g.stackEnvironment === env)!;
    const providerArn = githubOidcProvider("github-actions", { existingArn: cfg.existingOidcProviderArn, tags });
    const roles: GitHubRole[] = [];
    // Each CI role is named by the function the main program's key policies name it with
    // (components/common/ci-key-access.ts, ciRoleName), its logical name the same without the prefix.
    const role = (
        kind: "preview" | "deploy" | "operator" | "reingest",
        envName: string | undefined,
        from: Gate,
        statements: ReturnType<typeof previewStatements>,
        description: string,
    ) => {
        const roleName = ciRoleName(cfg.roleNamePrefix, kind, envName);
        const r = new GitHubRole(roleName.slice(cfg.roleNamePrefix.length + 1), {
            roleName,
            description,
            providerArn,
            subject: gateSubject(cfg, from),
            // Every CI role: no change of the security alerts (lib/alerts.ts).
            statements: [...statements, ...securityAlertDenyStatements(ctx, cfg.roleNamePrefix)],
            tags,
        });
        roles.push(r);
        return r;
    };

    const preview = role(
        "preview",
        undefined,
        gate("preview"),
        previewStatements(ctx, cfg.environments),
        `pulumi preview and refresh of connect-customer-profiles, from pull requests of ${cfg.repository}`,
    );
    const deploy: Record<string, pulumi.Output<string>> = {};
    const operator: Record<string, pulumi.Output<string>> = {};
    const reingest: Record<string, pulumi.Output<string>> = {};
    const boundary: Record<string, pulumi.Output<string>> = {};
    const stackRoleArns: Record<string, Record<string, pulumi.Output<string>>> = {};
    for (const env of cfg.environments) {
        // The permissions boundary of every role the stack creates (lib/guardrails.ts); the deploy
        // role may neither change nor delete it.
        boundary[env.name] = new iam.Policy(`boundary-${env.name}`, {
            name: boundaryPolicyName(env.stack),
            path: BOUNDARY_PATH,
            description: `permissions boundary of the roles stack ${env.stack} of connect-customer-profiles creates`,
            policy: JSON.stringify(boundaryDocument(ctx, env)),
            tags,
        }).arn;
        // The stack's two roles whose trust never changes, inside its boundary and with its tag
        // (lib/stack-roles.ts): the main program (bootstrapRoles: true) only puts their inline policies.
        stackRoleArns[env.name] = {};
        for (const r of stackRoles(ctx, env))
            stackRoleArns[env.name][r.kind] = new iam.Role(`${env.name}-${r.kind}`, {
                name: r.name,
                path: r.path,
                description: r.description,
                assumeRolePolicy: JSON.stringify(r.trust),
                maxSessionDuration: r.maxSessionDuration,
                permissionsBoundary: boundary[env.name],
                tags: { ...tags, [STACK_TAG]: env.domainName },
            }).arn;
        deploy[env.name] = role(
            "deploy",
            env.name,
            gate("deploy", env.name),
            deployStatements(ctx, env),
            `pulumi up of stack ${env.stack}, from GitHub environment ${env.name} of ${cfg.repository}`,
        ).arn;
        operator[env.name] = role(
            "operator",
            env.name,
            gate("operator", env.name),
            operatorStatements(ctx, env),
            `read-only checks (doctor) of stack ${env.stack}`,
        ).arn;
        reingest[env.name] = role(
            "reingest",
            env.name,
            gate("reingest", env.name),
            reingestStatements(ctx, env),
            `dead-letter queue re-ingestion of stack ${env.stack}`,
        ).arn;
    }
    // The GitHub environments, each with its role's ARN as a variable.
    const roleArns: Record<string, pulumi.Output<string>> = { [gate("preview").environment]: preview.arn };
    for (const env of cfg.environments) {
        roleArns[gate("deploy", env.name).environment] = deploy[env.name];
        roleArns[gate("operator", env.name).environment] = operator[env.name];
        roleArns[gate("reingest", env.name).environment] = reingest[env.name];
    }
    new GitHubGates("github", {
        repository: cfg.repository,
        gates,
        manageRepository: cfg.manageRepository,
        roleArns,
        previewStacks: cfg.environments.map((e) => e.stack),
        roles,
        token,
    });
    // The security alerts (lib/alerts.ts): one set per region where a stack or IAM's events are, each
    // matching the CloudTrail records of the residual chains made by these CI roles.
    const securityAlertTopicArns: Record<string, pulumi.Output<string>> = {};
    if (cfg.securityAlerts.enabled) {
        // Every role of this bootstrap stack is named PREFIX-… (lib/config.ts ciRoleName, lib/stack-roles.ts).
        const roles = `arn:${ctx.partition}:iam::${ctx.account}:role/${cfg.roleNamePrefix}-`;
        const regionOf = (e: (typeof cfg.environments)[number]) => e.region ?? ctx.region;
        // IAM delivers its events to us-east-1 alone, in the aws partition (lib/alerts.ts, sources); in
        // another partition no page we found names the region, so no IAM rule there (docs/bootstrap.md).
        const iamRegion = ctx.partition === "aws" ? IAM_EVENTS_REGION : undefined;
        const regional = [...new Set([ctx.region, ...cfg.environments.map(regionOf)])];
        const regions = [...new Set([...regional, ...(iamRegion ? [iamRegion] : [])])];
        if (cfg.securityAlerts.emails.length === 0)
            pulumi.log.warn(
                "securityAlerts has no emails: the alert topics get no subscription, and the alerts reach no one until one is added (docs/bootstrap.md, Security alerts)",
            );
        for (const r of regions) {
            const alertCtx = { ...ctx, region: r };
            const alerts = new SecurityAlerts(r === ctx.region ? "security-alerts" : `security-alerts-${r}`, {
                context: alertCtx,
                namePrefix: cfg.roleNamePrefix,
                rules: alertRules({
                    ciRolePrefix: roles,
                    deployRolePrefix: `${roles}deploy-`,
                    connectInstances: cfg.environments
                        .filter((e) => regionOf(e) === r)
                        .flatMap((e) => e.connectInstances ?? []),
                    iamEvents: r === iamRegion,
                    regional: regional.includes(r),
                }),
                emails: cfg.securityAlerts.emails,
                tags,
            });
            securityAlertTopicArns[r] = alerts.topicArn;
        }
    }
    return {
        oidcProviderArn: providerArn,
        previewRoleArn: preview.arn,
        deployRoleArns: deploy,
        operatorRoleArns: operator,
        reingestRoleArns: reingest,
        permissionsBoundaryArns: boundary,
        stackRoleArns,
        securityAlertTopicArns,
        // For an administrator of the organization's management account to create and attach
        // (docs/bootstrap.md, "Organization policies"): the bootstrap cannot, from a member account.
        ...(cfg.organizationPolicies
            ? {
                  organizationPolicies: {
                      resourceControlPolicy: JSON.stringify(
                          resourceControlPolicy(cfg.organizationPolicies, ctx.account),
                      ),
                      serviceControlPolicy: JSON.stringify(
                          serviceControlPolicy(ctx, cfg.environments, cfg.organizationPolicies),
                      ),
                  },
              }
            : {}),
    };
};
