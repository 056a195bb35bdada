// Policy data-egress: no resource sends data to another account, or over plain HTTP, unless configured.
//
// Access rules (other-accounts, confused-deputy-source-conditions) judge who may come in; this judges
// where data goes out: event targets and their dead-letter queues, pipe targets, API destinations, SNS
// subscriptions, S3 replication and event notifications, Firehose destinations (S3, OpenSearch, HTTP
// endpoints, Splunk, Snowflake, Redshift, processors), log subscription filters and account-level
// subscription policies, alarm actions, S3 inventory and analytics exports, Connect storage, the Customer
// Profiles domain's dead-letter queue and identity-resolution export bucket, AppFlow destinations and
// CloudTrail buckets (lib/egress.ts
// lists each route with the AWS page that says its destination may be in another account). The account
// of a destination comes from its ARN or queue URL, from the sibling property that names it (S3
// replication `account`), or, for a resource of the plan, from the plan (this stack's account). During
// preview a partly unknown ARN or queue URL keeps the account it shows; a wholly unknown value is the
// plan's only when it depends on a destination resource of its own service whose identifier is unknown
// too, else advisory. A
// destination whose account the plan cannot tell (a bucket named only by name outside the plan, an HTTPS
// endpoint, a SaaS connector) is advisory.
import { StackValidationPolicy } from "@pulumi/policy";
import { isOwnOrTrusted, stackContext, voteNote } from "./lib/access";
import { destinationsOf, ownerOf } from "./lib/egress";
import { stackRule, stringList } from "./lib/rule";
import { cannotJudge } from "./lib/stack";
import { TRUSTED_ACCOUNTS_SCHEMA } from "./other-accounts";
import { PolicyResource } from "@pulumi/policy";

export interface EgressConfig {
    allowedDestinationAccounts?: string[];
    accountId?: string;
}

export interface EgressFindings {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

/** What the rule finds on a stack: used by the policy and by tests. */
export function egressFindings(all: PolicyResource[], config: EgressConfig): EgressFindings {
    const ctx = stackContext(all, config.allowedDestinationAccounts ?? [], config.accountId);
    const out: EgressFindings = { violations: [], unjudged: [] };
    for (const r of all) {
        for (const d of destinationsOf(r)) {
            const owner = ownerOf(r, d, all);
            const shown = typeof d.value === "string" ? `"${d.value}"` : "(unknown until apply)";
            switch (owner.kind) {
                case "none":
                case "plan":
                    break;
                case "plain-http":
                    out.violations.push({
                        message: `${d.where}: sends data to ${d.what} "${owner.url}" over plain HTTP; use an https:// endpoint`,
                        urn: r.urn,
                    });
                    break;
                case "unknown":
                    out.unjudged.push(`${r.name} ${d.where}: ${d.what} ${shown}: ${owner.why}`);
                    break;
                case "account":
                    if (!ctx.account) {
                        out.unjudged.push(
                            `${r.name} ${d.where}: ${d.what} ${shown} (this stack's account: no ARN in the plan names it)`,
                        );
                    } else if (!isOwnOrTrusted(ctx, owner.account)) {
                        out.violations.push({
                            message: `${d.where}: sends data to ${d.what} ${shown} in account ${owner.account}, which is not this stack's account ${ctx.account} and not in allowedDestinationAccounts`,
                            urn: r.urn,
                        });
                    }
                    break;
            }
        }
    }
    const note = voteNote(ctx);
    if (note && (out.violations.length > 0 || out.unjudged.length > 0)) {
        out.unjudged.push(note);
    }
    return out;
}

export const dataEgress: StackValidationPolicy = stackRule<EgressConfig>(
    {
        name: "data-egress",
        description:
            "No resource sends data to another account (event targets and dead-letter queues, SNS subscriptions, S3 replication, notifications, inventory and analytics exports, Firehose destinations, log subscriptions and account-level subscription policies, alarm actions, Connect storage, Customer Profiles exports, AppFlow destinations, trail buckets) unless the account is in allowedDestinationAccounts, and none sends over plain HTTP.",
        remediationSteps:
            "Point the destination at a resource of this account over HTTPS; if data must go to another account, add its id to the policy's allowedDestinationAccounts setting (and document why).",
        enforcementLevel: "mandatory",
        config: {
            allowedDestinationAccounts: {
                ...stringList(
                    "Account ids (12 digits) this stack may send data to besides its own (event targets, subscriptions, replication, delivery). Default: none.",
                ),
                items: { type: "string" as const, pattern: "^\\d{12}$" },
            },
            accountId: TRUSTED_ACCOUNTS_SCHEMA.accountId,
        },
    },
    (args, report, config) => {
        const { violations, unjudged } = egressFindings(args.resources, config);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "destination account not known from the plan");
    },
);
