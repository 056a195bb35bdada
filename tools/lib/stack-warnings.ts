// Warnings the offline plan gives about a stack file of this project: what plans clean but would fail
// or leak at the first `pulumi up`. Never an error (the plan is still valid), never a value printed.
import { PROJECT, SECRET_KEYS } from "../../components/config";

const isSecure = (v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;

/** Paths (`.a.b`, `[0]`) of the values under `v` written in plain text (not `secure:` ciphertext). */
function plainPaths(v: unknown, at = ""): string[] {
    if (isSecure(v) || v === null || v === undefined) return [];
    if (Array.isArray(v)) return v.flatMap((x, i) => plainPaths(x, `${at}[${i}]`));
    if (typeof v === "object") return Object.entries(v).flatMap(([k, x]) => plainPaths(x, `${at}.${k}`));
    return [at];
}

/**
 * Secrets of the program written in plain text into the stack file: anyone who reads the file (or
 * the repository) has them. The value is never shown.
 */
export function plainTextSecrets(config: Record<string, unknown>): string[] {
    const out: string[] = [];
    for (const key of SECRET_KEYS) {
        const full = `${PROJECT}:${key}`;
        const value = config[full] ?? config[key];
        if (value === undefined) continue;
        for (const p of plainPaths(value)) {
            const path = p.replace(/^\./, "");
            const set = path
                ? `pulumi config set --secret --path '${key}${p}' VALUE`
                : `pulumi config set --secret ${key} VALUE`;
            out.push(
                `${full}${p} is a secret written in plain text in the stack file: remove it and set it with \`${set}\` ` +
                    `(stored encrypted), then rotate it if the file was ever committed`,
            );
        }
    }
    return out;
}

/**
 * Salesforce Tasks rules for a Connect instance the stack itself creates (`alias`, not `arn`): the
 * rule's `contactFlowId` names a contact flow of that instance, which cannot exist before the first
 * `pulumi up` creates the instance. Deploy without the rule, then add it with the flow's ID.
 */
export function rulesOnNewInstances(config: Record<string, unknown>): string[] {
    const instances = config[`${PROJECT}:connectInstances`] ?? config.connectInstances;
    const created = new Set(
        (Array.isArray(instances) ? instances : [])
            .filter((i) => i && typeof i === "object" && "alias" in i && !("arn" in i))
            .map((i) => (i as { name?: unknown }).name),
    );
    const tasks = (config[`${PROJECT}:salesforceTasks`] ?? config.salesforceTasks) as { rules?: unknown } | undefined;
    const rules = tasks && typeof tasks === "object" && Array.isArray(tasks.rules) ? tasks.rules : [];
    const out: string[] = [];
    rules.forEach((r: unknown, i: number) => {
        if (!r || typeof r !== "object") return;
        const { instance, name, contactFlowId } = r as Record<string, unknown>;
        if (!created.has(instance)) return;
        out.push(
            `${PROJECT}:salesforceTasks.rules[${i}] (${String(name)}): contactFlowId ${JSON.stringify(contactFlowId)} ` +
                `names a contact flow of instance ${String(instance)}, which this stack creates: no flow of it exists ` +
                `before the first \`pulumi up\`. Deploy without this rule, then add it with a flow ID of the new instance`,
        );
    });
    return out;
}

/** Every warning about a stack file, in a stable order. */
export function stackWarnings(config: Record<string, unknown>): string[] {
    return [...rulesOnNewInstances(config), ...plainTextSecrets(config)];
}
