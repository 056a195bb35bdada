// Policy customer-profiles-domain-protection.
import { notCmk } from "./lib/keys";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { conditionEntries, patternCovers, UNKNOWN } from "./lib/analysis";
import { admitsIn, hasUnknown, orgOf, PROBE_ACCOUNT, serviceProbe, stackContext } from "./lib/access";
import { isNegated, parseOperator } from "./lib/conditions";
import { objectTypeArns, siblingArns } from "./lib/sources";
import { stackRule } from "./lib/rule";
import { Statement } from "./lib/documents";
import { hasUnknownDocument, keyPolicies, resourcePolicies, resourcePolicyHolders } from "./lib/stackdocs";
import { DOMAIN_TYPES, KEY_TYPES, ofType, referent, safeGet, safeString, UNKNOWN_VALUE } from "./lib/stack";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a SourceArn value names exactly this domain (by its known ARN, else by its name). */
export function namesDomain(value: string, domainName: string, domainArn: string | undefined): boolean {
    if (value.includes(UNKNOWN)) {
        return true;
    }
    // One of the domain's object types names the domain too (exact name, no pattern): Customer
    // Profiles uses the key for an object type under its own source ARN (objectTypeArns in lib/sources.ts).
    const objectType = /^(.*)\/(objects|object-types)\/[a-zA-Z_][a-zA-Z_0-9-]*$/.exec(value);
    if (objectType) {
        value = objectType[1];
    }
    if (domainArn) {
        return value === domainArn;
    }
    return new RegExp(`^arn:aws[a-z-]*:profile:[a-z0-9-]+:\\d{12}:domains/${escape(domainName)}$`).test(value);
}

export const customerProfilesDomainProtection: StackValidationPolicy = stackRule(
    {
        name: "customer-profiles-domain-protection",
        description:
            "A Customer Profiles domain must use a customer managed key; its dead-letter queue must be encrypted with one, and the queue policy must admit profile.amazonaws.com only with aws:SourceArn equal to that domain's ARN.",
        remediationSteps:
            'Set defaultEncryptionKey to a customer managed key; encrypt the DLQ with kmsMasterKeyId; in the queue policy, condition StringEquals aws:SourceAccount = ACCOUNT and ArnEquals aws:SourceArn = "arn:aws:profile:REGION:ACCOUNT:domains/DOMAIN".',
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const domains = ofType(all, ...DOMAIN_TYPES);
        if (domains.length === 0) {
            args.notApplicable("no Customer Profiles domain");
        }
        const queues = ofType(all, "aws:sqs/queue:Queue", "aws-native:sqs:Queue");
        for (const d of domains) {
            const name = safeString(d.props, ["domainName"]);
            const label = `domain ${typeof name === "string" ? name : d.name}`;
            const why = notCmk(safeGet(d.props, ["defaultEncryptionKey"]));
            if (why) {
                report(`${label}: ${why}`, d.urn);
            }
            const key = referent(d, ["defaultEncryptionKey"], ofType(all, ...KEY_TYPES), all);
            if (key && key !== UNKNOWN_VALUE) {
                const sharing = domains.filter((o) => referent(o, ["defaultEncryptionKey"], [key], all) === key);
                for (const h of keyPolicies(key, all)) {
                    for (const s of h.doc.statements.filter(
                        (x) => x.effect === "Allow" && x.principal?.service.includes("profile.amazonaws.com"),
                    )) {
                        const problem = sourceProblem(s, h.doc.statements, sharing, `key ${key.name}`, all);
                        if (problem) {
                            report(`${label}: ${h.holder.name} ${stmt(s)} ${problem}`, h.holder.urn);
                        }
                    }
                }
            }
            if (safeGet(d.props, ["deadLetterQueueUrl"]) === undefined) {
                continue;
            }
            const q = referent(d, ["deadLetterQueueUrl"], queues, all);
            if (q === UNKNOWN_VALUE) {
                continue;
            }
            if (!q) {
                report(
                    `${label}: its dead-letter queue is not managed by this stack, so its encryption and policy cannot be verified`,
                    d.urn,
                );
                continue;
            }
            checkQueue(d, q, label, all, report);
        }
    },
);

const stmt = (s: Statement) => (s.sid ? `statement "${s.sid}"` : `statement ${s.index}`);

function domainIds(d: PolicyResource): { name: string | undefined; arn: string | undefined } {
    const name = safeString(d.props, ["domainName"]);
    const arn = safeString(d.props, ["arn"]);
    return { name: typeof name === "string" ? name : undefined, arn: typeof arn === "string" ? arn : undefined };
}

/**
 * What is missing for a statement admitting profile.amazonaws.com to be bound the way AWS documents
 * it: aws:SourceAccount with the account id AND aws:SourceArn naming one of the given domains.
 * Decided by the condition evaluator (any operator form), named by the values the statement claims.
 */
function sourceProblem(
    s: Statement,
    statements: Statement[],
    domains: PolicyResource[],
    what: string,
    all: PolicyResource[],
): string | undefined {
    const ctx = stackContext(all);
    const account = ctx.account ?? PROBE_ACCOUNT;
    // An explicit Deny of the same document can bind what the Allow leaves open (policy evaluation logic).
    const admits = (x: Statement, p: ReturnType<typeof serviceProbe>) => admitsIn(statements, x, p);
    const region = ctx.region ?? "eu-west-2";
    const ownArns = domains
        .map((d) => domainIds(d))
        .filter((d) => d.name !== undefined)
        .map((d) => d.arn ?? `arn:aws:profile:${region}:${account}:domains/${d.name}`);
    const domainNames = domains.map((d) => domainIds(d).name).filter((n): n is string => n !== undefined);
    for (const t of all.filter((x) => x.type === "aws-native:customerprofiles:ObjectType")) {
        const domain = safeString(t.props, ["domainName"]);
        const name = safeString(t.props, ["objectTypeName"]);
        if (typeof domain === "string" && typeof name === "string" && domainNames.includes(domain))
            ownArns.push(...objectTypeArns(region, account, domain, name));
    }
    if (hasUnknown(s) || ownArns.length === 0) {
        return undefined; // judged when known
    }
    const org = orgOf(s);
    const problems: string[] = [];
    const accountOpen = ownArns.some(
        (arn) => admits(s, serviceProbe(PROFILE, { account: PROBE_ACCOUNT, arn, org }, "", ctx.account)) !== false,
    );
    if (accountOpen) {
        problems.push("an aws:SourceAccount condition with the account id");
    }
    const claimed = conditionEntries(s, "aws:SourceArn")
        .filter((e) => {
            const op = parseOperator(e.operator);
            return !!op && op.base !== "Null" && !isNegated(op.base);
        })
        .flatMap((e) => e.values);
    const siblings = ownArns.flatMap(siblingArns).filter((x) => !ownArns.includes(x));
    const arnOpen = siblings.some(
        (arn) => admits(s, serviceProbe(PROFILE, { account, arn, org }, "", ctx.account)) !== false,
    );
    const ownAdmitted = ownArns.some(
        (arn) => admits(s, serviceProbe(PROFILE, { account, arn, org }, "", ctx.account)) !== false,
    );
    const wrong = claimed.filter(
        (v) =>
            !domains.some(
                (d) => domainIds(d).name !== undefined && namesDomain(v, domainIds(d).name!, domainIds(d).arn),
            ),
    );
    if (wrong.length > 0 && (!ownAdmitted || arnOpen)) {
        return `admits profile.amazonaws.com for ${wrong.map((v) => `"${v}"`).join(", ")}, which is not the ARN of a domain that uses ${what}`;
    }
    const boundByDeny = !arnOpen && ownAdmitted && !accountOpen && statements.some((x) => x.effect === "Deny");
    if (arnOpen || !ownAdmitted || (claimed.length === 0 && !boundByDeny)) {
        problems.push(`an aws:SourceArn condition naming the domain that uses ${what}`);
    }
    return problems.length > 0 ? `admits profile.amazonaws.com without ${problems.join(" and ")}` : undefined;
}

const PROFILE = "profile.amazonaws.com";

function checkQueue(
    domain: PolicyResource,
    queue: PolicyResource,
    label: string,
    all: PolicyResource[],
    report: (message: string, urn?: string) => void,
): void {
    const why = notCmk(safeGet(queue.props, ["kmsMasterKeyId"]));
    if (why) {
        report(`${label}: dead-letter queue ${queue.name}: ${why}`, queue.urn);
    }
    const grants = resourcePolicies(queue, all).flatMap((h) =>
        h.doc.statements
            .filter(
                (s) =>
                    s.effect === "Allow" &&
                    (s.principal?.service.includes("profile.amazonaws.com") || s.principal?.any) &&
                    (s.actions ?? []).some((a) => patternCovers(a, "sqs:SendMessage")),
            )
            .map((s) => ({ holder: h.holder, s, statements: h.doc.statements })),
    );
    if (grants.length === 0) {
        if (resourcePolicyHolders(queue, all).some(hasUnknownDocument)) {
            return; // judged when the policy is known
        }
        report(
            `${label}: the policy of dead-letter queue ${queue.name} does not let profile.amazonaws.com send messages`,
            queue.urn,
        );
        return;
    }
    for (const { holder, s, statements } of grants) {
        const problem = sourceProblem(s, statements, [domain], `dead-letter queue ${queue.name}`, all);
        if (problem) {
            report(`${label}: ${holder.name} ${stmt(s)} ${problem}`, holder.urn);
        }
    }
}
