// Policy confused-deputy-source-conditions: every Allow to a service principal in a resource, key or
// trust policy lets the service act only for this account, and only for the stack's own resource
// where that resource is known.
//
// Judged by what IAM would decide (lib/conditions.ts over lib/access.ts probes), so every operator
// form counts the same way: ...Like, ...IfExists, ForAnyValue/ForAllValues, negations, Null, and a
// misspelt key (which binds nothing). Probes: the service acting for a resource of another account,
// acting with no source context, and (where the stack holds the resource it serves) acting for
// another resource of this account. Literal source values naming another account are violations
// unless that account is trusted. IAM User Guide, "The confused deputy problem"; global condition keys
// aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    admitsIn,
    arnAccount,
    hasUnknown,
    isOwnOrTrusted,
    orgOf,
    outsiderAccounts,
    Probe,
    RUN_PROBE,
    serviceProbe,
    StackContext,
    stackContext,
    voteNote,
} from "./lib/access";
import { isNegated, parseOperator, request, substituteVariables, wildcard } from "./lib/conditions";
import { DocumentKind, LAMBDA_PERMISSION_TYPES, Statement, statementLabel } from "./lib/documents";
import { conditionEntries, isBindingOperator, snsEventSourceKeyStatement } from "./lib/analysis";
import { documentedBinding } from "./lib/documented-forms";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge } from "./lib/stack";
import { documentsForJudging } from "./lib/stackdocs";
import { logsTo, logTargetUnknown, ownSources, planBuckets, siblingArns, unknownLogTarget } from "./lib/sources";
import { TRUSTED_ACCOUNTS_SCHEMA, TrustConfig } from "./other-accounts";

interface Config extends TrustConfig {
    exemptServicePrincipals?: string[];
}

const S3_LOGGING = "logging.s3.amazonaws.com";
const SOURCE_KEY = /^aws:Source(Account|Arn|Owner)$/i;

/** Values of source keys under positive operators: what the statement claims to bind to. */
function claimedSources(s: Statement): { key: string; value: string }[] {
    const out: { key: string; value: string }[] = [];
    for (const [op, block] of Object.entries(s.conditions)) {
        const parsed = parseOperator(op);
        if (!parsed || parsed.base === "Null" || isNegated(parsed.base)) {
            continue;
        }
        for (const [k, vs] of Object.entries(block)) {
            if (SOURCE_KEY.test(k)) {
                out.push(...vs.map((value) => ({ key: k, value })));
            }
        }
    }
    return out;
}

const withAccount = (arn: string, account: string) => {
    const p = arn.split(":");
    if (p.length < 6) {
        return arn;
    }
    if (p[4] !== "") {
        p[4] = account;
    }
    return p.join(":");
};
const filled = (v: string) => v.replace(/\*/g, "probe-x").replace(/\?/g, "x");

function probesFor(
    service: string,
    s: Statement,
    statements: Statement[],
    ctx: StackContext,
    own: string[] | undefined,
): Probe[] {
    const org = orgOf(s);
    const prefix = service.split(".")[0];
    const claimedArns = claimedSources(s)
        .filter((c) => /arn$/i.test(c.key))
        .map((c) => filled(c.value));
    const probes: Probe[] = [];
    // Outsiders: PROBE_ACCOUNT, and accounts the statement's own values name or its patterns admit.
    for (const outsider of outsiderAccounts(s, ctx, statements)) {
        const foreignArns = new Set([
            `arn:aws:${prefix}:${ctx.region ?? "eu-west-2"}:${outsider}:probe/other`,
            ...claimedArns.map((a) => withAccount(a, outsider)),
            ...(own ?? []).map((a) => withAccount(a, outsider)),
        ]);
        for (const arn of foreignArns) {
            probes.push(
                serviceProbe(
                    service,
                    { account: outsider, arn, org },
                    `a resource of account ${outsider} (${arn})`,
                    ctx.account,
                ),
                // Partial context: a test made ...IfExists (or left out) passes when its key is absent.
                serviceProbe(service, { arn }, `a request naming only aws:SourceArn ${arn}`, ctx.account),
            );
        }
        probes.push(
            serviceProbe(
                service,
                { account: outsider, org },
                `a request naming only aws:SourceAccount ${outsider}`,
                ctx.account,
            ),
        );
    }
    probes.push(serviceProbe(service, undefined, "a request without source context", ctx.account));
    if (own && own.length > 0) {
        const siblings = new Set([
            ...own.flatMap(siblingArns),
            ...claimedArns.map((a) => withAccount(a, ctx.account!)).filter((a) => !own.includes(a)),
        ]);
        for (const arn of siblings) {
            probes.push(
                serviceProbe(
                    service,
                    { account: ctx.account!, arn, org },
                    `another resource of this account (${arn}), not the stack's own`,
                    ctx.account,
                ),
            );
        }
    }
    return probes;
}

/**
 * The Alexa principals, the only callers AddPermission's EventSourceToken binds (AWS Lambda API Reference,
 * "AddPermission", EventSourceToken: "For Alexa Smart Home functions, a token that the invoker must
 * supply"; Alexa Skills Kit documentation, "Host a Custom Skill as an AWS Lambda Function", names
 * alexa-appkit.amazon.com with the skill id as the token). Any other principal is not asked for a token.
 */
export const ALEXA_PRINCIPALS = ["alexa-connectedhome.amazon.com", "alexa-appkit.amazon.com"];

/**
 * Whether a sourceArn names one resource: no wildcard, or a wildcard only after the resource's full id,
 * decided per service where the name ends. Documented forms with a fixed resource id keep a wildcard after
 * it: CloudWatch Logs `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` (AWS Lambda Developer Guide, "Using
 * Lambda with CloudWatch Logs", https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html;
 * the name ends at the `:` after it, so `log-group:/aws/lambda/*` names every group under the prefix) and
 * API Gateway `arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH` with `*` for stage or method
 * (AWS Lambda Developer Guide, "Invoking a Lambda function using an Amazon API Gateway endpoint",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html; the id ends at the first `/`).
 * An EventBridge rule is `rule/[event-bus-name]/rule-name` (Amazon EventBridge User Guide, "Managing
 * access permissions to your Amazon EventBridge resources",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-manage-iam-access.html): the
 * name is the last part, so any wildcard stands in it (`rule/bus/*` is every rule of the bus). Any other
 * service: a wildcard anywhere in the resource part names no one resource (`arn:aws:s3:::sales-*`,
 * `…:ACCOUNT:*` for SNS).
 */
export function namesResource(arn: string): boolean {
    const p = arn.split(":");
    if (p.length < 6) return !/[*?]/.test(arn);
    const resource = p.slice(5).join(":");
    const i = resource.search(/[*?]/);
    if (i < 0) return true;
    const before = resource.slice(0, i);
    switch (p[2]) {
        case "logs":
            return /^log-group:[^:]+:/.test(before);
        case "execute-api":
            return /^[^/]+\//.test(before);
        default:
            return false;
    }
}

/** A resource of this account the pattern admits that is not one the pattern spells out. */
function siblingOf(pattern: string, account: string | undefined): string {
    const filled = pattern.replace(/\*/g, "other").replace(/\?/g, "q");
    return account ? withAccount(filled, account) : filled;
}

/** The plan's own resources (by ARN, or bucket by name) that a sourceArn pattern admits, for the finding. */
function planMatches(pattern: string, all: PolicyResource[], account: string | undefined): string {
    const re = wildcard(account ? withAccount(pattern, account) : pattern);
    const found = new Set<string>();
    for (const r of all) {
        const props = (r.props ?? {}) as Record<string, unknown>;
        const candidates = [props.arn, typeof props.bucket === "string" ? `arn:aws:s3:::${props.bucket}` : undefined];
        for (const c of candidates) if (typeof c === "string" && re.test(c)) found.add(c);
    }
    return found.size > 0 ? `, or the plan's ${[...found].slice(0, 3).join(", ")}` : "";
}

/**
 * A second line behind the fixed probes: an account and resource names drawn at random for this run
 * (lib/access.ts RUN_PROBE), so a negation written against the fixed probe values cannot exclude them.
 * Asked only when no fixed probe is admitted, and labelled without the values, so the findings read the
 * same on every run.
 */
function runProbes(service: string, s: Statement, ctx: StackContext, own: string[] | undefined): Probe[] {
    if (!ctx.account || isOwnOrTrusted(ctx, RUN_PROBE.account)) return [];
    const prefix = service.split(".")[0];
    const fill = (v: string) => v.replace(/\*/g, RUN_PROBE.name).replace(/\?/g, "r");
    const arns = new Set([
        `arn:aws:${prefix}:${ctx.region ?? "eu-west-2"}:${RUN_PROBE.account}:${RUN_PROBE.name}/${RUN_PROBE.name}`,
        ...claimedSources(s)
            .filter((c) => /arn$/i.test(c.key))
            .map((c) => withAccount(fill(c.value), RUN_PROBE.account)),
        ...(own ?? []).map((a) => withAccount(a, RUN_PROBE.account)),
    ]);
    const label = "a resource of an account drawn at random for this run";
    return [
        ...[...arns].map((arn) =>
            serviceProbe(service, { account: RUN_PROBE.account, arn, org: RUN_PROBE.org }, label, ctx.account),
        ),
        serviceProbe(service, { account: RUN_PROBE.account, org: RUN_PROBE.org }, label, ctx.account),
    ];
}

/**
 * The structural binding (H1 of issue 22's review): a positive, always-evaluated test (StringEquals,
 * StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike, alone or under ForAnyValue, which is false for a
 * request without the key; no IfExists, no ForAllValues, no negation, no Null) of aws:SourceAccount /
 * aws:SourceOwner naming this account or a trusted one (the `trustedAccounts` setting), or of aws:SourceArn
 * naming an ARN in such an account. Or the same binding written as an explicit Deny of the document: a
 * negated test (StringNotEquals, ArnNotEquals…) of those keys naming such an account denies every other
 * account (the probes check that the Deny covers the Allow). A negation or Null test in the Allow never
 * binds: it excludes only the values it names and admits every other account (IAM User Guide, "IAM JSON
 * policy elements: Condition operators").
 *
 * Values are read after policy variables are replaced as the evaluator replaces them, with
 * aws:ResourceAccount this account (IAM User Guide, "IAM policy elements: Variables and tags"; the key is
 * in every request, "AWS global condition context keys"): `StringEquals aws:SourceAccount
 * ${aws:ResourceAccount}` on a policy of this account names this account.
 */
function positivelyBound(s: Statement, statements: Statement[], ctx: StackContext & { account: string }): boolean {
    const req = request({ "aws:ResourceAccount": ctx.account });
    const resolved = (vs: string[]) =>
        vs.map((v) => substituteVariables(v, req)).filter((v): v is string => v !== undefined);
    const names = (k: string, vs: string[]) =>
        (/^aws:Source(Account|Owner)$/i.test(k) && resolved(vs).some((v) => isOwnOrTrusted(ctx, v))) ||
        (/^aws:SourceArn$/i.test(k) && resolved(vs).some((v) => isOwnOrTrusted(ctx, v.split(":")[4] ?? "")));
    const POSITIVE = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"];
    const allow = Object.entries(s.conditions).some(([op, block]) => {
        const o = parseOperator(op);
        return (
            !!o &&
            POSITIVE.includes(o.base) &&
            !o.ifExists &&
            o.set !== "ForAllValues" &&
            Object.entries(block).some(([k, vs]) => names(k, vs))
        );
    });
    const deny = statements.some(
        (d) =>
            d.effect === "Deny" &&
            Object.entries(d.conditions).some(([op, block]) => {
                const o = parseOperator(op);
                return !!o && isNegated(o.base) && !o.set && Object.entries(block).some(([k, vs]) => names(k, vs));
            }),
    );
    return allow || deny;
}

/**
 * What the statement's own source tests do instead of binding, for the finding: only what is there (a
 * negated or Null test, an IfExists or ForAllValues test), so the message never claims a negation the
 * statement does not hold.
 */
function whyUnbound(s: Statement): string {
    const found = new Set<string>();
    for (const [op, block] of Object.entries(s.conditions)) {
        const o = parseOperator(op);
        if (!o || !Object.keys(block).some((k) => SOURCE_KEY.test(k))) continue;
        if (o.base === "Null" || isNegated(o.base)) {
            found.add(
                `its ${op} test excludes only the values it names, so the binding holds for no account it did not foresee`,
            );
        } else if (o.ifExists || o.set === "ForAllValues") {
            found.add(`its ${op} test passes a request without the key`);
        }
    }
    return found.size > 0 ? `; ${[...found].join("; ")}` : "";
}

/**
 * `StringEquals aws:SourceAccount` = exactly this account (or, where the stack's account is not known,
 * one literal account, which other-accounts judges): the binding documented for callers such as the
 * Customer Profiles workflow role's trust.
 */
function sourceAccountBinds(s: Statement, account: string | undefined): boolean {
    return conditionEntries(s, "aws:SourceAccount").some(
        (e) =>
            e.operator === "StringEquals" &&
            e.values.length === 1 &&
            (account ? e.values[0] === account : /^\d{12}$/.test(e.values[0])),
    );
}

/** `StringEquals sts:ExternalId` = exactly this account (Firehose's documented trust binding). */
function externalIdBinds(s: Statement, account: string): boolean {
    return conditionEntries(s, "sts:ExternalId").some(
        (e) => e.operator === "StringEquals" && e.values.length === 1 && e.values[0] === account,
    );
}

/**
 * A server-access-log grant for buckets outside the plan, in the form AWS documents: every aws:SourceArn it
 * names is one exact bucket ARN (no wildcard, no variable) that no bucket or logging of the plan names, and
 * `StringEquals aws:SourceAccount` = this account. Amazon S3 User Guide, "Enabling Amazon S3 server access
 * logging" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html): the
 * target may be any bucket you own in the same Region, and its policy names the source bucket's ARN and
 * account; a central log bucket of one stack serves buckets of others. A bucket of the plan that logs
 * elsewhere, or a pattern, is still judged (the probes and the "no logging delivers here" finding).
 */
function outsideThePlan(s: Statement, all: PolicyResource[], account: string | undefined): boolean {
    if (!account || !sourceAccountBinds(s, account)) return false;
    // Every test of aws:SourceArn positive and always evaluated (no IfExists, no set operator, no negation).
    const tests = conditionEntries(s, "aws:SourceArn");
    const plan = planBuckets(all);
    return (
        tests.length > 0 &&
        !plan.unknown &&
        tests.every(
            (t) =>
                isBindingOperator(t.operator) &&
                t.values.every((v) => /^arn:aws:s3:::[a-z0-9][a-z0-9.-]*$/.test(v) && !plan.arns.has(v)),
        )
    );
}

interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

function judge(
    r: PolicyResource,
    where: string,
    kind: DocumentKind,
    s: Statement,
    statements: Statement[],
    all: PolicyResource[],
    ctx: StackContext,
    exempt: string[],
    out: Outcome,
): void {
    if (s.effect !== "Allow" || !s.principal) {
        return;
    }
    const label = `${where}: ${statementLabel(s)}`;
    for (const service of s.principal.service.filter((p) => !exempt.includes(p))) {
        // SNS event sources encrypting for a topic: the KMS request SNS makes carries no source
        // context; the binding belongs on the topic policy (see snsEventSourceKeyStatement).
        if (kind === "key" && snsEventSourceKeyStatement(s, [service])) {
            continue;
        }
        // A caller for which AWS documents no source key (or only the account, or sts:ExternalId) is
        // judged by its documented form (lib/documented-forms.ts), not by source probes it cannot pass.
        // A role's trust is judged in scope: the Lambda and Firehose forms hold only on a role the plan
        // gives to that service alone (lib/documented-forms.ts inScope); elsewhere they are judged strictly.
        const documented = documentedBinding(s, kind, service, { resource: r, all, statements });
        if (hasUnknown(s)) {
            out.unjudged.push(`${r.name} ${label}: a condition value is unknown until apply`);
            continue;
        }
        // Before any documented exemption: a source key naming another account is never this stack's.
        const problems: string[] = [];
        for (const c of claimedSources(s)) {
            const account = /^\d{12}$/.test(c.value) ? c.value : arnAccount(c.value);
            if (account && ctx.account && !isOwnOrTrusted(ctx, account)) {
                problems.push(`its ${c.key} names account ${account}, not this stack's account ${ctx.account}`);
            }
        }
        // A Lambda permission for a service names the resource that invokes (AWS Lambda Developer Guide,
        // "Granting Lambda function access to AWS services": without a source ARN the statement "doesn't
        // restrict" which resource of the service triggers the invocation).
        // An Alexa skill is named by its token instead (AWS Lambda API Reference, AddPermission
        // EventSourceToken: "For Alexa Smart Home functions, a token that the invoker must supply"): one
        // literal token binds the source, for the Alexa principals only (ALEXA_PRINCIPALS).
        // A service whose documented form binds the account only (Secrets Manager rotation, AWS Config
        // custom rules: lib/documented-forms.ts, kind "function") needs no sourceArn.
        if (LAMBDA_PERMISSION_TYPES.includes(r.type)) {
            const token =
                ALEXA_PRINCIPALS.includes(service) &&
                conditionEntries(s, "lambda:EventSourceToken").some(
                    (e) => e.operator === "StringEquals" && e.values.length === 1 && !/[*?]/.test(e.values[0]),
                );
            if (token && problems.length === 0) continue;
            const accountOnly = documented === "source-account" && sourceAccountBinds(s, ctx.account);
            const arns = claimedSources(s).filter((c) => /arn$/i.test(c.key));
            if (!token && !accountOnly) {
                if (arns.length === 0) {
                    problems.push("it names no sourceArn (any resource of the service may invoke the function)");
                } else if (arns.every((c) => !namesResource(c.value))) {
                    const loose = arns[0].value;
                    problems.push(
                        `its sourceArn ${loose} names no resource: a wildcard stands where the resource's name goes, so every resource of the service that fits (e.g. ${siblingOf(loose, ctx.account)}${planMatches(loose, all, ctx.account)}) may invoke the function`,
                    );
                }
            }
        }
        if (documented === "none" && problems.length === 0) {
            continue;
        }
        // The documented binding holds (sts:ExternalId = this account; or only the account, and no
        // request of another account or without context is admitted): judged as AWS documents it.
        // Otherwise the statement is judged by source probes, as any other.
        if (documented === "external-id" && ctx.account && externalIdBinds(s, ctx.account)) {
            continue;
        }
        if (documented === "source-account" && sourceAccountBinds(s, ctx.account)) {
            continue;
        }
        // Server access logs: on a bucket's policy, only the sources that log to that bucket are its own;
        // every other logged bucket of the plan is probed as another resource of this account.
        const target = service === S3_LOGGING ? logsTo(r, all) : undefined;
        const own = ctx.account ? ownSources(service, all, ctx.region, ctx.account, target) : undefined;
        const elsewhere =
            target && ctx.account
                ? (ownSources(service, all, ctx.region, ctx.account, (x) => !target(x) && !logTargetUnknown(x))?.arns ??
                  [])
                : [];
        if (own?.unknown) {
            out.unjudged.push(`${r.name} ${label}: the resource ${service} acts for has a name unknown until apply`);
        }
        const ownArns = own && !own.unknown ? own.arns : undefined;
        // A log-delivery grant on a bucket no logging of the plan delivers to (no BucketLogging, no inline
        // logging names it as target) serves no source of the plan: every bucket it names may write there.

        const admitted = [
            ...probesFor(service, s, statements, ctx, ownArns),
            ...elsewhere
                .filter((arn) => !(ownArns ?? []).includes(arn))
                .map((arn) =>
                    serviceProbe(
                        service,
                        { account: ctx.account!, arn, org: orgOf(s) },
                        `the bucket ${arn}, which logs to another bucket, not to this one`,
                        ctx.account,
                    ),
                ),
        ].filter((p) => admitsIn(statements, s, p) !== false);
        if (admitted.length > 0) {
            const shown = admitted.slice(0, 2).map((p) => p.label);
            const more = admitted.length > 2 ? ` and ${admitted.length - 2} more` : "";
            problems.push(`lets ${service} act for ${shown.join("; ")}${more}`);
        }
        // A log-delivery grant on a bucket no logging of the plan delivers to (no BucketLogging, no inline
        // logging names it as its target) serves no source of the plan: whatever bucket it names may write.
        if (target && ownArns && ownArns.length === 0 && admitted.length === 0 && outsideThePlan(s, all, ctx.account)) {
            // Buckets of other stacks logging here, in the form AWS documents: nothing of the plan to judge.
        } else if (target && ownArns && ownArns.length === 0 && admitted.length === 0 && unknownLogTarget(all)) {
            out.unjudged.push(
                `${r.name} ${label}: no known logging of the plan delivers to this bucket, and a logging target is unknown until apply`,
            );
        } else if (target && ownArns && ownArns.length === 0 && admitted.length === 0) {
            problems.push(
                "no server access logging of the plan delivers to this bucket (no BucketLogging or inline logging names it as its target), so the grant serves no source of the plan",
            );
        }
        // The second line: an account and names drawn at random, asked only when the fixed probes pass.
        if (problems.length === 0) {
            const run = runProbes(service, s, ctx, ownArns).filter((p) => admitsIn(statements, s, p) !== false);
            if (run.length > 0) problems.push(`lets ${service} act for ${run[0].label}`);
        }
        // And the structure: the probes judge what they try; a binding must also be written as one.
        if (problems.length === 0 && ctx.account && !positivelyBound(s, statements, { ...ctx, account: ctx.account })) {
            const trusted = ctx.trusted.length > 0 ? ` or a trusted account ${ctx.trusted.join(", ")}` : "";
            problems.push(
                `no positive source condition names this account${trusted} (a StringEquals/StringLike aws:SourceAccount = ${ctx.account}, or an ArnEquals/ArnLike aws:SourceArn in account ${ctx.account}, without IfExists)${whyUnbound(s)}`,
            );
        }
        if (ownArns && ownArns.length > 0) {
            const ownProbes = ownArns.map((arn) =>
                serviceProbe(service, { account: ctx.account!, arn, org: orgOf(s) }, arn, ctx.account),
            );
            if (!ownProbes.some((p) => admitsIn(statements, s, p) !== false)) {
                problems.push(`admits none of the stack's own ${service} sources (${ownArns.join(", ")})`);
            }
        }
        if (problems.length > 0) {
            out.violations.push({
                message: `${label}: ${problems.join("; ")} (confused deputy); bind it with StringEquals aws:SourceAccount = ${ctx.account ?? "this account"} and ArnEquals aws:SourceArn = the ARN of the resource it serves`,
                urn: r.urn,
            });
        }
    }
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function sourceBindingFindings(all: PolicyResource[], config: Config): Outcome {
    const ctx = stackContext(all, config.trustedAccounts ?? [], config.accountId);
    const out: Outcome = { violations: [], unjudged: [] };
    for (const r of all) {
        const { docs, unjudged } = documentsForJudging(r);
        const relevant = docs.filter((h) => h.kind !== "identity");
        out.unjudged.push(...unjudged);
        for (const h of relevant) {
            for (const s of h.doc.statements) {
                judge(r, h.property, h.kind, s, h.doc.statements, all, ctx, config.exemptServicePrincipals ?? [], out);
            }
        }
    }
    const note = voteNote(ctx);
    if (note && (out.violations.length > 0 || out.unjudged.length > 0)) {
        out.unjudged.push(note);
    }
    return out;
}

export const confusedDeputySourceConditions: StackValidationPolicy = stackRule<Config>(
    {
        name: "confused-deputy-source-conditions",
        description:
            "Every Allow statement granting a service principal in a resource, key or trust policy must, as IAM evaluates it, deny the service acting for another account, without source context, or for another resource of this account where the stack holds the one it serves.",
        remediationSteps:
            'Add Condition {"StringEquals": {"aws:SourceAccount": "ACCOUNT"}, "ArnEquals": {"aws:SourceArn": "ARN of the resource the service acts for"}} (no IfExists, no set operator, no negation, keys spelt as AWS documents them).',
        enforcementLevel: "mandatory",
        config: {
            ...TRUSTED_ACCOUNTS_SCHEMA,
            exemptServicePrincipals: stringList(
                "Service principals that do not send source context (e.g. ec2.amazonaws.com in an instance-role trust policy).",
            ),
        },
    },
    (args, report, config) => {
        const { violations, unjudged } = sourceBindingFindings(args.resources, config);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "value not known from the plan");
    },
);
