// Reading plans: `npm run plan --json` output, real `pulumi preview --json` output, and
// `pulumi stack export` files, all normalised to the Plan shape of plan-format.ts.
import { Plan, PlanInputError, PlanStep, ResourceState } from "./plan-format";

export { PlanInputError };

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Secrets as the policy analyzer receives them. `pulumi stack export` writes a secret as an envelope
 * `{SIG: SECRET, plaintext: JSON text}` (with --show-secrets) or `{SIG: SECRET, ciphertext}` (without);
 * the analyzer's wire form is `{SIG: SECRET, value}`, and @pulumi/policy's deserializer fails on the
 * others ("unexpected undefined property value"). A plaintext secret becomes the wire form of its
 * value (judged like any value); a ciphertext one the wire form of "[secret]", the text
 * `pulumi preview --json` shows for a secret, which the rules report as not judged.
 */
export function secretsAsAnalyzerSees(v: unknown, depth = 0): unknown {
    if (depth > 64 || v === null || typeof v !== "object") {
        return v;
    }
    if (Array.isArray(v)) {
        return v.map((x) => secretsAsAnalyzerSees(x, depth + 1));
    }
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG_KEY] === SECRET_SIG && !("value" in o)) {
        let value: unknown = "[secret]";
        if (typeof o.plaintext === "string") {
            try {
                value = secretsAsAnalyzerSees(JSON.parse(o.plaintext), depth + 1);
            } catch {
                throw new PlanInputError(`a secret's plaintext is not JSON text: ${o.plaintext.length} characters`);
            }
        }
        return { [SECRET_SIG_KEY]: SECRET_SIG, value };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
        out[k] = secretsAsAnalyzerSees(x, depth + 1);
    }
    return out;
}

function asState(r: Record<string, unknown>): ResourceState {
    return {
        urn: String(r.urn),
        custom: r.custom !== false,
        type: String(r.type),
        inputs: (secretsAsAnalyzerSees(r.inputs) as Record<string, unknown>) ?? {},
        outputs: (secretsAsAnalyzerSees(r.outputs) as Record<string, unknown>) ?? undefined,
        parent: typeof r.parent === "string" ? r.parent : undefined,
        dependencies: Array.isArray(r.dependencies) ? (r.dependencies as string[]) : [],
        propertyDependencies: (r.propertyDependencies as Record<string, string[]>) ?? {},
        protect: r.protect === true,
        ...(r.deleteBeforeReplace === true ? { deleteBeforeReplace: true } : {}),
        ...(Array.isArray(r.ignoreChanges) && r.ignoreChanges.length
            ? { ignoreChanges: r.ignoreChanges as string[] }
            : {}),
        id: typeof r.id === "string" ? r.id : undefined,
        provider: typeof r.provider === "string" ? r.provider : undefined,
    };
}

/** Normalise any supported plan file (already parsed JSON) to a Plan. Throws PlanInputError otherwise. */
export function normalizePlanFile(json: unknown): Plan {
    if (!json || typeof json !== "object") {
        throw new PlanInputError("the file is not a JSON object");
    }
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.steps)) {
        // A real preview names the keys behind a diff and a replacement `diffReasons` and
        // `replaceReasons` (pulumi's display.PreviewStep); the tools read them as `diffs` and `keys`.
        const steps = (o.steps as PlanStep[])
            .filter((s) => s && typeof s === "object" && typeof s.urn === "string")
            .map((s) => ({
                ...s,
                ...(s.keys === undefined && Array.isArray(s.replaceReasons) ? { keys: s.replaceReasons } : {}),
                ...(s.diffs === undefined && Array.isArray(s.diffReasons) ? { diffs: s.diffReasons } : {}),
            }));
        return { ...(o as unknown as Plan), steps, changeSummary: (o.changeSummary as Plan["changeSummary"]) ?? {} };
    }
    const deployment = (o.deployment ?? (o.checkpoint as Record<string, unknown> | undefined)?.latest) as
        Record<string, unknown> | undefined;
    const resources = (deployment?.resources ?? (Array.isArray(o.resources) ? o.resources : undefined)) as
        unknown[] | undefined;
    if (Array.isArray(resources)) {
        const steps: PlanStep[] = resources
            .filter(
                (r): r is Record<string, unknown> =>
                    !!r && typeof r === "object" && typeof (r as Record<string, unknown>).urn === "string",
            )
            .filter((r) => r.delete !== true)
            .map((r) => ({ op: "same", urn: String(r.urn), newState: asState(r) }));
        return { steps, changeSummary: { same: steps.length }, source: { kind: "export" } };
    }
    throw new PlanInputError(
        "expected `steps` (npm run plan --json, pulumi preview --json) or `deployment.resources` (pulumi stack export)",
    );
}
