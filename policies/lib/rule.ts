// Helpers that turn analysis functions into CrossGuard policies with the shared metadata:
// name, description, remediation steps, default enforcement level, config schema with exemptions.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    DocumentKind,
    DocumentSite,
    documentSites,
    isHiddenSecret,
    unwrapSecret,
    parsePolicyDocument,
    PolicyDocument,
    PolicyParseError,
} from "./documents";
import { Finding } from "./analysis";
import { cannotJudge } from "./stack";

export interface RuleMeta {
    name: string;
    description: string;
    remediationSteps: string;
    enforcementLevel: EnforcementLevel;
    /** Extra config properties (besides `exemptResources`, which every rule has). */
    config?: PolicyConfigSchema["properties"];
}

export interface BaseConfig {
    exemptResources?: string[];
}

function schema(meta: RuleMeta): PolicyConfigSchema {
    return {
        properties: {
            exemptResources: stringList(
                "Resource names or URNs this policy does not judge (document why in the config file).",
            ),
            ...(meta.config ?? {}),
        },
    };
}

/** A policy config setting that is a list of strings (allowlists, exemptions). */
export function stringList(description: string, defaults: string[] = []) {
    return { type: "array" as const, items: { type: "string" as const }, default: defaults, description };
}

/** What every policy of the pack declares, from its metadata. */
function policyFields(meta: RuleMeta) {
    return {
        name: meta.name,
        description: meta.description,
        remediationSteps: meta.remediationSteps,
        enforcementLevel: meta.enforcementLevel,
        configSchema: schema(meta),
    };
}

/** true when the resource is exempted by name or URN. */
export function isExempt(config: BaseConfig, name: string, urn: string): boolean {
    return (config.exemptResources ?? []).some((x) => x === name || x === urn);
}

/** A resource policy: `check` runs unless the resource is exempted. */
export function resourceRule<C extends object = BaseConfig>(
    meta: RuleMeta,
    check: (args: ResourceValidationArgs, report: ReportViolation, config: C) => void | Promise<void>,
): ResourceValidationPolicy {
    return {
        ...policyFields(meta),
        validateResource: async (args, report) => {
            const config = args.getConfig<C & BaseConfig>();
            if (isExempt(config, args.name, args.urn)) {
                args.notApplicable("exempted by configuration");
            }
            await check(args, report, config);
        },
    };
}

/**
 * A policy over every policy document a resource carries. Resources with no document are not
 * applicable; a document that is not a policy document is itself a violation.
 */
export function documentRule<C extends object = BaseConfig>(
    meta: RuleMeta,
    analyse: (doc: PolicyDocument, kind: DocumentKind, config: C, site: DocumentSite) => Finding[] | Promise<Finding[]>,
): ResourceValidationPolicy {
    return resourceRule<C>(meta, async (args, report, config) => {
        const sites = documentSites(args.type, args.props);
        if (sites.length === 0) {
            args.notApplicable("no policy document on this resource");
        }
        const hidden: string[] = [];
        for (const site of sites) {
            if (isHiddenSecret(unwrapSecret(site.raw))) {
                hidden.push(`${site.property} is shown only as a secret`);
                continue;
            }
            let doc: PolicyDocument;
            try {
                doc = parsePolicyDocument(site.raw);
            } catch (e) {
                if (e instanceof PolicyParseError) {
                    report(`${site.property}: ${e.message}`);
                    continue;
                }
                throw e;
            }
            for (const f of await analyse(doc, site.kind, config, site)) {
                report(`${site.property}: ${f.message}`);
            }
        }
        cannotJudge(hidden, "the plan hides the document");
    });
}

/** A stack policy: `check` gets the resources minus the exempted ones. */
export function stackRule<C extends object = BaseConfig>(
    meta: RuleMeta,
    check: (args: StackValidationArgs, report: ReportViolation, config: C) => void | Promise<void>,
): StackValidationPolicy {
    return {
        ...policyFields(meta),
        validateStack: async (args, report) => {
            const config = args.getConfig<C & BaseConfig>();
            // A plan made with --show-replacement-steps lists a replaced resource twice (same URN):
            // judge its last state once.
            const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
            const resources = [...byUrn.values()].filter((r) => !isExempt(config, r.name, r.urn));
            await check({ ...args, resources }, report, config);
        },
    };
}
