// `npm run plan -- --all`: what no single stack can see. Two stacks of one account and region that
// claim the same Customer Profiles domain (the name is the domain's identity in a region, and the
// second `pulumi up` fails or, worse, an import makes two stacks manage it) or the same Amazon
// Connect instance (an instance belongs to exactly one domain) are an error naming both stacks.
import { PROJECT } from "../../components/config";

/** One stack's `config:` map, as its Pulumi.<stack>.yaml gives it. */
export interface StackConfigFile {
    stack: string;
    config: Record<string, unknown>;
}

const get = (c: Record<string, unknown>, key: string): unknown => c[`${PROJECT}:${key}`] ?? c[key];

/**
 * The account a stack deploys to, as far as its file says: `aws:allowedAccountIds` when it names one
 * account, else the account of the ARNs it names (existing instances, API callers); undefined when
 * the file does not say (stacks that do not say are taken to share one account).
 */
export function accountOf(config: Record<string, unknown>): string | undefined {
    const allowed = config["aws:allowedAccountIds"];
    if (Array.isArray(allowed) && allowed.length === 1) return String(allowed[0]);
    const arns = [
        ...(Array.isArray(get(config, "connectInstances")) ? (get(config, "connectInstances") as unknown[]) : []).map(
            (i) => (i && typeof i === "object" ? (i as Record<string, unknown>).arn : undefined),
        ),
        ...(Array.isArray(get(config, "profileApiCallers")) ? (get(config, "profileApiCallers") as unknown[]) : []),
    ];
    for (const arn of arns) {
        const account = typeof arn === "string" ? arn.split(":")[4] : undefined;
        if (account && /^\d{12}$/.test(account)) return account;
    }
    return undefined;
}

/** What a stack claims in its account and region: its domain and its Connect instances. */
function claims(config: Record<string, unknown>): { what: string; id: string }[] {
    const out: { what: string; id: string }[] = [];
    const domain = get(config, "domainName");
    if (typeof domain === "string")
        out.push({ what: `the Customer Profiles domain ${domain}`, id: `domain:${domain}` });
    const instances = get(config, "connectInstances");
    for (const i of Array.isArray(instances) ? instances : []) {
        if (!i || typeof i !== "object") continue;
        const { arn, alias } = i as Record<string, unknown>;
        if (typeof arn === "string") out.push({ what: `the Amazon Connect instance ${arn}`, id: `instance:${arn}` });
        else if (typeof alias === "string")
            out.push({
                what: `a new Amazon Connect instance with alias ${alias}`,
                id: `alias:${alias.toLowerCase()}`,
            });
    }
    return out;
}

/** Every resource two stacks of one account and region both claim, one message each. */
export function crossStackConflicts(stacks: StackConfigFile[]): string[] {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const { stack, config } of stacks) {
        const region = config["aws:region"];
        if (typeof region !== "string") continue;
        const account = accountOf(config);
        for (const c of claims(config)) {
            const key = `${account ?? "(account not stated)"}|${region}|${c.id}`;
            const first = seen.get(key);
            if (first === undefined) {
                seen.set(key, stack);
                continue;
            }
            const where = `${account ? `account ${account}` : "one account"}, region ${region}`;
            const hint = account
                ? ""
                : " (if the stacks deploy to different accounts, set aws:allowedAccountIds in each file)";
            problems.push(
                `stacks ${first} and ${stack} both claim ${c.what} in ${where}: one stack must own it, or the two ` +
                    `overwrite each other's settings (and an Amazon Connect instance belongs to exactly one domain)${hint}`,
            );
        }
    }
    return problems;
}
