// Issue 22, the open part: single edits of the dev plan, labelled by AWS semantics with the source of each
// label, in three classes.
//
// "subjects": a GitHub Actions role added to the plan, its subject widened inside the right repository.
//   Label source: GitHub Docs, "OpenID Connect reference" (https://docs.github.com/en/actions/reference/security/oidc),
//   "Example subject claims" (one subject per environment, branch, tag or `pull_request`) and "Customizing
//   the token claims" (a customised layout is one exact value too); IAM User Guide, "IAM JSON policy elements:
//   Condition operators" (StringLike's `*` and `?` match any run and any one character, case-sensitively). A
//   pull_request subject runs the code of whoever opened the pull request: on a role that may write, that
//   code writes (GitHub Docs, "Security hardening for GitHub Actions", untrusted input).
// "lambda-permissions": a Lambda permission added to the plan. Label source: AWS Lambda Developer Guide,
//   "Granting Lambda function access to AWS services" (without a source ARN the statement "doesn't restrict
//   the Amazon SNS topic that triggers the invocation"; https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html)
//   and AWS Lambda API Reference, "AddPermission" (SourceAccount: for Amazon S3, the owner of the bucket, since
//   a bucket ARN names no account); IAM User Guide, "The confused deputy problem".
// "log-targets": a server-access-log statement on a bucket that its source does not log to. Label source:
//   Amazon S3 User Guide, "Enabling Amazon S3 server access logging" (the target bucket's policy admits the
//   logging service for the source bucket that logs to it).
import { Plan } from "../../tools/lib/plan-format";
import { ACCOUNT, both, editDoc, OTHER, REGION, sid, Variant } from "./variants";

/** Add a resource to the plan with property dependencies on resources of the plan (by name), as the engine records them. */
const addResource =
    (type: string, name: string, inputs: Record<string, unknown>, refs: Record<string, string> = {}) =>
    (plan: Plan): Plan => {
        const copy = structuredClone(plan);
        const urnOf = (n: string) => copy.steps.find((x) => x.newState?.custom && x.urn.endsWith(`::${n}`))!.urn;
        const propertyDependencies = Object.fromEntries(Object.entries(refs).map(([k, n]) => [k, [urnOf(n)]]));
        const urn = `urn:pulumi:dev::connect-customer-profiles::${type}::${name}`;
        copy.steps.push({
            op: "create",
            urn,
            newState: {
                urn,
                custom: true,
                type,
                inputs,
                outputs: inputs,
                dependencies: Object.values(propertyDependencies).flat(),
                propertyDependencies,
            },
        });
        return copy;
    };

const GH = "token.actions.githubusercontent.com";
const REPO = "examplecorp/contact-center";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`;
const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };

/** A GitHub-trusted role and its RolePolicy (by the role's name), added to the plan. */
const ciRole = (condition: Record<string, unknown>, actions: string[]) =>
    both(
        addResource("aws:iam/role:Role", "ci-deploy-role", {
            name: "ci-deploy-role",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "GitHubActions",
                        Effect: "Allow",
                        Principal: { Federated: PROVIDER },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: condition,
                    },
                ],
            }),
        }),
        addResource(
            "aws:iam/rolePolicy:RolePolicy",
            "ci-deploy-role-policy",
            {
                role: "ci-deploy-role",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "State",
                            Effect: "Allow",
                            Action: actions,
                            Resource: "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6/state/*",
                        },
                    ],
                }),
            },
            { role: "ci-deploy-role" },
        ),
    );
const like = (sub: string) => ({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: sub } });
const exact = (sub: string | string[]) => ({ StringEquals: { ...AUD, [`${GH}:sub`]: sub } });
const WRITE = ["s3:GetObject", "s3:PutObject"];
const READ = ["s3:GetObject", "s3:ListBucket"];

function subjectVariants(): Variant[] {
    const insecure: [string, Record<string, unknown>, string[]][] = [
        [`sub repo:${REPO}:* (every branch, tag, environment, pull request)`, like(`repo:${REPO}:*`), READ],
        [`sub repo:${REPO}:environment:dev* (dev-anything)`, like(`repo:${REPO}:environment:dev*`), WRITE],
        [`sub repo:${REPO}:environment:* (every environment)`, like(`repo:${REPO}:environment:*`), WRITE],
        [`sub repo:${REPO}:ref:refs/heads/* (every branch)`, like(`repo:${REPO}:ref:refs/heads/*`), WRITE],
        [`sub repo:${REPO}:ref:refs/tags/v* (every v-tag)`, like(`repo:${REPO}:ref:refs/tags/v*`), WRITE],
        [
            `sub repo:${REPO}:ref:refs/heads/release-? (? wildcard)`,
            like(`repo:${REPO}:ref:refs/heads/release-?`),
            WRITE,
        ],
        [
            "sub exact plus a second value repo:O/R:environment:* in the same list",
            {
                StringEquals: AUD,
                StringLike: { [`${GH}:sub`]: [`repo:${REPO}:environment:dev`, `repo:${REPO}:environment:*`] },
            },
            WRITE,
        ],
        [
            "customised subject (job_workflow_ref) with the workflow file wildcarded",
            like(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/*@refs/heads/main`),
            WRITE,
        ],
        [
            "customised subject (job_workflow_ref) with the ref wildcarded",
            like(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@*`),
            WRITE,
        ],
        [
            "pull_request subject added to a role that may write (s3:PutObject)",
            exact([`repo:${REPO}:environment:dev`, `repo:${REPO}:pull_request`]),
            WRITE,
        ],
        [
            "pull_request subject alone on a role allowing s3:* on its prefix",
            exact(`repo:${REPO}:pull_request`),
            ["s3:*"],
        ],
        [
            "pull_request subject on a role allowing s3:Put* (a pattern of writes)",
            exact(`repo:${REPO}:pull_request`),
            ["s3:Put*"],
        ],
        [
            "aud GitHub's default (the owner's URL), not sts.amazonaws.com",
            {
                StringEquals: {
                    [`${GH}:aud`]: "https://github.com/examplecorp",
                    [`${GH}:sub`]: `repo:${REPO}:environment:dev`,
                },
            },
            WRITE,
        ],
        [
            "aud a list with an extra literal audience",
            {
                StringEquals: {
                    [`${GH}:aud`]: ["sts.amazonaws.com", "https://github.com/examplecorp"],
                    [`${GH}:sub`]: `repo:${REPO}:environment:dev`,
                },
            },
            WRITE,
        ],
        ["no aud (sub exact)", { StringEquals: { [`${GH}:sub`]: `repo:${REPO}:environment:dev` } }, WRITE],
        [
            "sub by StringLikeIfExists on an exact subject (a token without sub passes)",
            { StringEquals: AUD, StringLikeIfExists: { [`${GH}:sub`]: `repo:${REPO}:environment:dev` } },
            WRITE,
        ],
    ];
    const safe: [string, Record<string, unknown>, string[]][] = [
        ["exact environment subject on a role that writes", exact(`repo:${REPO}:environment:dev`), WRITE],
        [
            "exact branch subject (ref:refs/heads/main) on a role that writes",
            exact(`repo:${REPO}:ref:refs/heads/main`),
            WRITE,
        ],
        ["exact subject under StringLike (no wildcard)", like(`repo:${REPO}:environment:dev`), WRITE],
        [
            "customised subject carrying job_workflow_ref, exact",
            exact(`repo:${REPO}:environment:dev:job_workflow_ref:${REPO}/.github/workflows/deploy.yml@refs/heads/main`),
            WRITE,
        ],
        ["pull_request subject on a read-only role (GetObject, ListBucket)", exact(`repo:${REPO}:pull_request`), READ],
        ["two exact environments", exact([`repo:${REPO}:environment:dev`, `repo:${REPO}:environment:prod`]), WRITE],
    ];
    return [
        ...insecure.map(([n, c, a]): Variant => ({
            cls: "subjects",
            name: `subjects: a GitHub role added, ${n}`,
            apply: ciRole(c, a),
            caughtBy: "web-identity-trust",
        })),
        ...safe.map(([n, c, a]): Variant => ({
            cls: "subjects",
            name: `subjects (safe): a GitHub role added, ${n}`,
            apply: ciRole(c, a),
        })),
    ];
}

const FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:probe-handler`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:probe-topic`;
const BUCKET = "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6";
const RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/probe-rule`;

/** A Lambda permission added (classic `function`, or aws-native `functionName`). */
const permission = (inputs: Record<string, unknown>, native = false) => {
    const refs: Record<string, string> = inputs.sourceArn === BUCKET ? { sourceArn: "sales-streaming-ctr-bucket" } : {};
    return native
        ? addResource(
              "aws-native:lambda:Permission",
              "probe-permission",
              { functionName: FUNCTION, action: "lambda:InvokeFunction", ...inputs },
              refs,
          )
        : addResource(
              "aws:lambda/permission:Permission",
              "probe-permission",
              { function: FUNCTION, action: "lambda:InvokeFunction", statementId: "Probe", ...inputs },
              refs,
          );
};

function lambdaVariants(): Variant[] {
    const CD = "confused-deputy-source-conditions";
    const OA = "other-accounts";
    const insecure: [string, Record<string, unknown>, string, boolean?][] = [
        ["sns.amazonaws.com, no sourceArn", { principal: "sns.amazonaws.com" }, CD],
        ["sns.amazonaws.com, no sourceArn (aws-native)", { principal: "sns.amazonaws.com" }, CD, true],
        [
            "s3.amazonaws.com, sourceArn of a bucket without sourceAccount",
            { principal: "s3.amazonaws.com", sourceArn: BUCKET },
            CD,
        ],
        [
            "s3.amazonaws.com, sourceArn without sourceAccount (aws-native)",
            { principal: "s3.amazonaws.com", sourceArn: BUCKET },
            CD,
            true,
        ],
        [
            "s3.amazonaws.com, sourceAccount only (any bucket of the account)",
            { principal: "s3.amazonaws.com", sourceAccount: ACCOUNT },
            CD,
        ],
        [
            "events.amazonaws.com, sourceArn a rule of another account",
            { principal: "events.amazonaws.com", sourceArn: RULE.replace(ACCOUNT, OTHER) },
            CD,
        ],
        [
            "events.amazonaws.com, sourceArn a rule in any account (*)",
            { principal: "events.amazonaws.com", sourceArn: RULE.replace(ACCOUNT, "*") },
            CD,
        ],
        [
            "sns.amazonaws.com, sourceArn arn:aws:sns:*:*:* ",
            { principal: "sns.amazonaws.com", sourceArn: "arn:aws:sns:*:*:*" },
            CD,
        ],
        [
            "s3.amazonaws.com, sourceAccount another account",
            { principal: "s3.amazonaws.com", sourceArn: BUCKET, sourceAccount: OTHER },
            CD,
        ],
        ['principal "*"', { principal: "*" }, OA],
        ['principal "*" with sourceAccount this account', { principal: "*", sourceAccount: ACCOUNT }, OA],
        ['principal "*" (aws-native)', { principal: "*" }, OA, true],
        ["principal another account id", { principal: OTHER }, OA],
        ["principal another account's role", { principal: `arn:aws:iam::${OTHER}:role/caller` }, OA],
        ["principal another account id (aws-native)", { principal: OTHER }, OA, true],
    ];
    const safe: [string, Record<string, unknown>, boolean?][] = [
        ["sns.amazonaws.com bound to a topic of this account", { principal: "sns.amazonaws.com", sourceArn: TOPIC }],
        [
            "s3.amazonaws.com bound to the bucket and this account",
            { principal: "s3.amazonaws.com", sourceArn: BUCKET, sourceAccount: ACCOUNT },
        ],
        [
            "s3.amazonaws.com bound to the bucket and this account (aws-native)",
            { principal: "s3.amazonaws.com", sourceArn: BUCKET, sourceAccount: ACCOUNT },
            true,
        ],
        [
            "events.amazonaws.com bound to a rule of this account",
            { principal: "events.amazonaws.com", sourceArn: RULE },
        ],
        ["principal this account id", { principal: ACCOUNT }],
        ["principal a role of this account", { principal: `arn:aws:iam::${ACCOUNT}:role/caller` }],
    ];
    return [
        ...insecure.map(([n, i, by, native]): Variant => ({
            cls: "lambda-permissions",
            name: `lambda permission added: ${n}`,
            apply: permission(i, native),
            caughtBy: by,
        })),
        ...safe.map(([n, i, native]): Variant => ({
            cls: "lambda-permissions",
            name: `lambda permission added (safe): ${n}`,
            apply: permission(i, native),
        })),
        {
            cls: "lambda-permissions",
            name: "lambda permission added: another account trusted by trustedAccounts (safe)",
            apply: permission({ principal: OTHER }),
            policyConfig: { "other-accounts": { trustedAccounts: [OTHER] } },
        },
    ];
}

const CTR_SOURCE = "arn:aws:s3:::sales-streaming-ctr-bucket-d9603a6";
const AUDIT_SOURCE = "arn:aws:s3:::audit-trail-bucket-d9f0e59";

function logTargetVariants(): Variant[] {
    const CD = "confused-deputy-source-conditions";
    const copyTo = (resource: string, logsBucket: string, prefix: string, source: string, mode: "add" | "swap") =>
        editDoc(resource, (d) => {
            const own = d.Statement.find((s) => s.Principal?.Service === "logging.s3.amazonaws.com")!;
            if (mode === "swap") {
                own.Condition.StringEquals["aws:SourceArn"] = source;
                return;
            }
            d.Statement.push({
                Sid: "ServerAccessLogsFromElsewhere",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${logsBucket}/${prefix}/*`,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": source } },
            });
        });
    return [
        {
            cls: "log-targets",
            name: "log targets: the contact-record bucket's log statement added to the audit trail's log bucket policy",
            apply: copyTo("audit-trail-logs-policy", "audit-trail-logs-5099807", "contact-records", CTR_SOURCE, "add"),
            caughtBy: CD,
        },
        {
            cls: "log-targets",
            name: "log targets: the audit trail bucket's log statement added to the contact-record log bucket policy",
            apply: copyTo(
                "sales-streaming-ctr-logs-policy",
                "sales-streaming-ctr-logs-741f0f9",
                "audit-trail",
                AUDIT_SOURCE,
                "add",
            ),
            caughtBy: CD,
        },
        {
            cls: "log-targets",
            name: "log targets: the audit trail log bucket's statement names the contact-record bucket instead",
            apply: copyTo("audit-trail-logs-policy", "", "", CTR_SOURCE, "swap"),
            caughtBy: CD,
        },
        {
            cls: "log-targets",
            name: "log targets: the audit trail log bucket's statement names both sources (ArnLike list)",
            apply: editDoc("audit-trail-logs-policy", (d) => {
                const s = sid(d, "ServerAccessLogsFromAuditTrail");
                delete s.Condition.StringEquals["aws:SourceArn"];
                s.Condition.ArnLike = { "aws:SourceArn": [AUDIT_SOURCE, CTR_SOURCE] };
            }),
            caughtBy: CD,
        },
        {
            cls: "log-targets",
            name: "log targets (safe): the audit trail log bucket's statement by ArnLike on its own source",
            apply: editDoc("audit-trail-logs-policy", (d) => {
                const s = sid(d, "ServerAccessLogsFromAuditTrail");
                delete s.Condition.StringEquals["aws:SourceArn"];
                s.Condition.ArnLike = { "aws:SourceArn": AUDIT_SOURCE };
            }),
        },
    ];
}

export function permissionVariants(): Variant[] {
    return [...subjectVariants(), ...lambdaVariants(), ...logTargetVariants()];
}
