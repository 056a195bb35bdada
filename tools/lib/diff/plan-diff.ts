// Part of the reviewer diff (index.ts): the plan diff: per resource create / update / replace / delete, changed inputs, replacement
// reasons, and policy violations introduced or fixed.
import { CreateOnlyCatalog, inputName, valueAtPath } from "../create-only";
import { nameOf, Plan, PlanStep, ResourceState } from "../plan-format";
import { losesData } from "./data-loss";
import { diffPolicyDocuments, asPolicyDocument } from "./policy-diff";
import { canonical, containsSecret, IGNORED_INPUTS, maskSecrets } from "./values";

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface InputChange {
    /** Top-level input name. */
    key: string;
    before?: unknown;
    after?: unknown;
    /** Either side is (or contains) a secret: values are never shown. */
    secret: boolean;
}

export interface PolicyChange {
    /** The input holding the document (e.g. `policy`). */
    key: string;
    /** Diff lines, each starting with "+", "-" or "@@". */
    lines: string[];
}

export interface ReplaceReason {
    /** The create-only input, as the resource spells it. */
    property: string;
    before?: unknown;
    after?: unknown;
    secret: boolean;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    kind: ChangeKind;
    /** Changed inputs other than policy documents (for creates: the key inputs). */
    inputs: InputChange[];
    /** Policy documents compared statement by statement. */
    policies: PolicyChange[];
    /** For replacements: the create-only properties that changed (empty when the engine did not say). */
    replaceReasons: ReplaceReason[];
    /** A replacement or deletion of a type that holds data. */
    dataLoss: boolean;
    /** The resource is protected (the engine refuses to replace or delete it until unprotected). */
    protect: boolean;
    /** Dependencies (URNs) in the plan that has the resource: for the graph. */
    dependencies: string[];
}

/** A policy violation as the analyzer reports it (tools/lib/analyzer.ts Violation, structurally). */
export interface ViolationLike {
    policyName: string;
    enforcementLevel: string;
    detail?: string;
    message: string;
    urn?: string;
    resourceType?: string;
    resourceName?: string;
}

export interface ReportLike {
    pack?: { name: string; version: string };
    violations: ViolationLike[];
}

export interface ViolationDelta {
    introduced: ViolationLike[];
    fixed: ViolationLike[];
    /** Violations present in HEAD (all of them, for the counts). */
    head: ViolationLike[];
    pack?: { name: string; version: string };
    /** Set when the pack could not run: why. */
    unavailable?: string;
    /** False when there was no BASE report (preview mode with one plan): everything in HEAD is listed. */
    compared: boolean;
}

export interface PlanDiff {
    mode: "compare" | "preview";
    stack?: string;
    changes: ResourceChange[];
    /**
     * Resources left unchanged. Comparing plans: the resources whose inputs are equal. From a real
     * preview: its change summary's `same` (what `pulumi preview` prints as "unchanged": the root
     * stack and components included), else the unchanged resources it lists; undefined when the
     * preview neither lists nor counts them (steps of the changes only, no change summary).
     */
    unchanged: number | undefined;
    createOnlySource: string;
    policy?: ViolationDelta;
    /** States for the graph: every state of HEAD, plus BASE's deleted ones. */
    states: ResourceState[];
}

function cleanState(s: ResourceState): ResourceState {
    return { ...s, inputs: maskSecrets(s.inputs ?? {}) as Record<string, unknown> };
}

function compareInputs(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
): { inputs: InputChange[]; policies: PolicyChange[] } {
    const inputs: InputChange[] = [];
    const policies: PolicyChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => !IGNORED_INPUTS.has(k))
        .sort();
    for (const key of keys) {
        const x = before[key];
        const y = after[key];
        if (canonical(x) === canonical(y)) continue;
        const secret = containsSecret(x) || containsSecret(y);
        const dx = secret ? undefined : asPolicyDocument(x);
        const dy = secret ? undefined : asPolicyDocument(y);
        if (dx || dy) {
            const lines = diffPolicyDocuments(dx, dy);
            if (lines.length) policies.push({ key, lines });
            // A document that became (or stopped being) a policy is also shown as a value change.
            if (dx && dy) continue;
        }
        inputs.push({ key, before: x, after: y, secret });
    }
    return { inputs, policies };
}

function replaceReasonsFor(
    state: ResourceState,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    catalog: CreateOnlyCatalog,
    only?: string[],
): ReplaceReason[] {
    const out: ReplaceReason[] = [];
    for (const p of catalog.forType(state.type) ?? []) {
        const x = valueAtPath(before, p);
        const y = valueAtPath(after, p);
        const name = inputName(after[inputName(after, p).split(".")[0]] !== undefined ? after : before, p);
        if (only && !only.some((k) => k.toLowerCase() === name.split(".")[0].toLowerCase())) continue;
        if (canonical(x) !== canonical(y))
            out.push({ property: name, before: x, after: y, secret: containsSecret(x) || containsSecret(y) });
    }
    // Keys the engine named that no table knows.
    for (const k of only ?? []) {
        if (!out.some((r) => r.property.split(".")[0].toLowerCase() === k.toLowerCase())) {
            out.push({
                property: k,
                before: before[k],
                after: after[k],
                secret: containsSecret(before[k]) || containsSecret(after[k]),
            });
        }
    }
    return out;
}

function creationInputs(state: ResourceState): { inputs: InputChange[]; policies: PolicyChange[] } {
    return compareInputs({}, state.inputs ?? {});
}

function deletionPolicies(state: ResourceState): PolicyChange[] {
    return compareInputs(state.inputs ?? {}, {}).policies;
}

/**
 * True when a plan carries the engine's own decisions (a real preview), not just new states. The
 * offline plan and a stack export say what they are (`source`); a file without `source` whose every
 * step is a create with a new state is the CLI's preview of a new stack (the first pull request of
 * every stack): its operations are the engine's, even though none of them has an old state.
 */
export function isRealPreview(plan: Plan): boolean {
    if (plan.source?.kind === "offline" || plan.source?.kind === "export") return false;
    if (plan.steps.some((s) => s.oldState !== undefined || (s.op !== "create" && s.op !== undefined))) return true;
    return (
        plan.source === undefined && plan.steps.length > 0 && plan.steps.every((s) => s.op === "create" && s.newState)
    );
}

const isResource = (s: ResourceState | undefined): s is ResourceState =>
    !!s && s.custom !== false && s.type !== "pulumi:pulumi:Stack" && !s.type.startsWith("pulumi:providers:");

export interface DiffOptions {
    catalog: CreateOnlyCatalog;
    baseReport?: ReportLike;
    headReport?: ReportLike;
    /** Why the policy pack could not run (reported instead of violations). */
    policyUnavailable?: string;
}

/** Compares two plans (or reads one real preview). */
export function diffPlans(base: Plan | undefined, head: Plan, options: DiffOptions): PlanDiff {
    const { catalog } = options;
    const changes: ResourceChange[] = [];
    let unchanged = 0;
    const states: ResourceState[] = [];
    const preview = isRealPreview(head);
    if (preview) {
        const byUrn = new Map<string, PlanStep[]>();
        for (const s of head.steps) byUrn.set(s.urn, [...(byUrn.get(s.urn) ?? []), s]);
        for (const steps of byUrn.values()) {
            const newState = steps.map((s) => s.newState).find(isResource);
            const oldState = steps.map((s) => s.oldState).find(isResource);
            const st = newState ?? oldState;
            if (newState) states.push(cleanState(newState));
            else if (oldState) states.push(cleanState(oldState));
            if (!st) continue;
            const ops = steps.map((s) => s.op);
            const kind: ChangeKind | undefined = ops.some(
                (o) => o === "replace" || o === "create-replacement" || o === "delete-replaced",
            )
                ? "replace"
                : ops.includes("delete")
                  ? "delete"
                  : ops.includes("create")
                    ? "create"
                    : ops.includes("update")
                      ? "update"
                      : undefined;
            if (!kind) {
                unchanged++;
                continue;
            }
            const before = (maskSecrets(oldState?.inputs ?? {}) as Record<string, unknown>) ?? {};
            const after = (maskSecrets(newState?.inputs ?? {}) as Record<string, unknown>) ?? {};
            const cmp =
                kind === "create"
                    ? creationInputs({ ...st, inputs: after })
                    : kind === "delete"
                      ? { inputs: [], policies: deletionPolicies({ ...st, inputs: before }) }
                      : compareInputs(before, after);
            const keys = steps.flatMap((s) => s.keys ?? []);
            const replaceReasons =
                kind === "replace"
                    ? replaceReasonsFor(st, before, after, catalog, keys.length ? [...new Set(keys)] : undefined)
                    : [];
            changes.push(change(st, kind, cmp, replaceReasons));
        }
    } else {
        const baseStates = new Map(
            (base?.steps ?? [])
                .map((s) => s.newState ?? s.oldState)
                .filter(isResource)
                .map((s) => [s.urn, cleanState(s)]),
        );
        const headStates = new Map(
            head.steps
                .map((s) => s.newState)
                .filter(isResource)
                .map((s) => [s.urn, cleanState(s)]),
        );
        for (const [urn, after] of headStates) {
            states.push(after);
            const before = baseStates.get(urn);
            if (!before) {
                changes.push(change(after, "create", creationInputs(after), []));
                continue;
            }
            // Inputs under `ignoreChanges` do not change the resource, as in a real preview.
            const ignored = new Set(after.ignoreChanges ?? []);
            const keep = (inputs: Record<string, unknown>) =>
                Object.fromEntries(Object.entries(inputs).filter(([k]) => !ignored.has(k)));
            const beforeInputs = keep(before.inputs ?? {});
            const afterInputs = keep(after.inputs ?? {});
            const cmp = compareInputs(beforeInputs, afterInputs);
            if (cmp.inputs.length === 0 && cmp.policies.length === 0) {
                unchanged++;
                continue;
            }
            const replaceReasons = replaceReasonsFor(after, beforeInputs, afterInputs, catalog);
            changes.push(change(after, replaceReasons.length ? "replace" : "update", cmp, replaceReasons));
        }
        for (const [urn, before] of baseStates) {
            if (headStates.has(urn)) continue;
            states.push(before);
            changes.push(change(before, "delete", { inputs: [], policies: deletionPolicies(before) }, []));
        }
    }
    // Components (for the graph's subgraphs).
    for (const p of [head, base])
        for (const s of p?.steps ?? [])
            if (s.newState && !s.newState.custom && !states.some((x) => x.urn === s.urn)) states.push(s.newState);

    const order: Record<ChangeKind, number> = { replace: 0, delete: 1, update: 2, create: 3 };
    changes.sort(
        (x, y) =>
            order[x.kind] - order[y.kind] || Number(y.dataLoss) - Number(x.dataLoss) || x.urn.localeCompare(y.urn),
    );
    return {
        mode: preview ? "preview" : "compare",
        stack: head.source?.stack ?? base?.source?.stack,
        changes,
        unchanged: preview ? previewUnchanged(head, unchanged) : unchanged,
        createOnlySource: catalog.source,
        policy: diffViolations(options.baseReport, options.headReport, options.policyUnavailable),
        states,
    };
}

/**
 * A real preview's unchanged count: its change summary (pulumi's ShowPreviewDigest `changeSummary`,
 * which counts every step by op and leaves out ops with none, so an absent `same` in a summary is
 * 0), else the unchanged resources it lists, else not known (undefined).
 */
function previewUnchanged(head: Plan, listed: number): number | undefined {
    const summary = head.changeSummary ?? {};
    if (Object.keys(summary).length > 0) return summary.same ?? 0;
    return listed > 0 ? listed : undefined;
}

function change(
    st: ResourceState,
    kind: ChangeKind,
    cmp: { inputs: InputChange[]; policies: PolicyChange[] },
    replaceReasons: ReplaceReason[],
): ResourceChange {
    return {
        urn: st.urn,
        type: st.type,
        name: nameOf(st.urn),
        kind,
        inputs: cmp.inputs,
        policies: cmp.policies,
        replaceReasons,
        dataLoss: losesData(kind, st.type),
        protect: st.protect === true,
        dependencies: st.dependencies ?? [],
    };
}

const violationKey = (v: ViolationLike) => `${v.policyName}\u0000${v.urn ?? ""}\u0000${v.detail ?? v.message}`;

export function diffViolations(
    base: ReportLike | undefined,
    head: ReportLike | undefined,
    unavailable?: string,
): ViolationDelta | undefined {
    if (unavailable) return { introduced: [], fixed: [], head: [], unavailable, compared: false };
    if (!head) return undefined;
    const active = (r: ReportLike) => r.violations.filter((v) => v.enforcementLevel !== "disabled");
    const baseKeys = new Set(base ? active(base).map(violationKey) : []);
    const headKeys = new Set(active(head).map(violationKey));
    return {
        introduced: base ? active(head).filter((v) => !baseKeys.has(violationKey(v))) : active(head),
        fixed: base ? active(base).filter((v) => !headKeys.has(violationKey(v))) : [],
        head: active(head),
        pack: head.pack,
        compared: !!base,
    };
}
