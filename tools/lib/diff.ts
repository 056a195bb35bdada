// The reviewer diff: what a change will do in the cloud, and whether it is still secure.
//
// Pure functions over two plans (plan-format.ts): per resource create / update / replace / delete,
// the changed inputs, policy documents compared statement by statement, loud warnings for
// replacements that destroy data (create-only properties), policy violations introduced or fixed,
// and a markdown rendering that fits a pull-request comment. Generic over resource types.
//
// Two modes:
// - compare: BASE and HEAD are plans of the same stack (offline plans, `pulumi stack export`, or
//   previews read for their new states). Resources are matched by URN: only in HEAD = create, only
//   in BASE = delete, changed create-only input = replace, other changed inputs = update.
// - preview: HEAD is a real `pulumi preview --json` (it carries the engine's own decisions: steps
//   with op update/replace/delete/same, or with oldState). Its `op`, `keys` and oldState/newState
//   are used as they are; BASE is optional and only feeds the policy comparison.
import { CreateOnlyCatalog, inputName, STATEFUL_TYPES, valueAtPath } from "./create-only";
import { renderMermaid } from "./mermaid";
import { nameOf, Plan, PlanStep, ResourceState, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./plan-format";

export { nameOf };

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
    unchanged: number;
    createOnlySource: string;
    policy?: ViolationDelta;
    /** States for the graph: every state of HEAD, plus BASE's deleted ones. */
    states: ResourceState[];
}

// ------------------------------------------------------------------------------------------------
// Values
// ------------------------------------------------------------------------------------------------

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const IGNORED_INPUTS = new Set(["__defaults", "__provider"]);

/** Replaces runtime-encoded secrets (e.g. in `pulumi stack export` files) by the placeholder. */
export function maskSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(maskSecrets);
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SECRET_SIG] === SECRET_VALUE) return SECRET_PLACEHOLDER;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, maskSecrets(x)]));
    }
    return v;
}

export function containsSecret(v: unknown): boolean {
    if (v === SECRET_PLACEHOLDER) return true;
    if (Array.isArray(v)) return v.some(containsSecret);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsSecret);
    return false;
}

/** JSON with sorted keys: equal values give equal strings. JSON strings holding objects are parsed. */
export function canonical(v: unknown): string {
    const norm = (x: unknown): unknown => {
        if (typeof x === "string" && /^\s*[[{]/.test(x)) {
            try {
                return norm(JSON.parse(x));
            } catch {
                return x;
            }
        }
        if (Array.isArray(x)) return x.map(norm);
        if (x !== null && typeof x === "object") {
            return Object.fromEntries(
                Object.keys(x as object)
                    .sort()
                    .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
                    .map((k) => [k, norm((x as Record<string, unknown>)[k])]),
            );
        }
        return x;
    };
    return JSON.stringify(norm(v)) ?? "undefined";
}

/** Short display of a value for markdown: never a secret, never more than `max` characters. */
export function display(v: unknown, max = 160): string {
    if (containsSecret(v)) return "[secret]";
    if (v === undefined) return "(none)";
    if (v === UNKNOWN_PLACEHOLDER) return "(known after apply)";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    const clean = text.replace(/\s+/g, " ").split(UNKNOWN_PLACEHOLDER).join("(known after apply)");
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

// ------------------------------------------------------------------------------------------------
// Policy documents, statement by statement
// ------------------------------------------------------------------------------------------------

interface Dimension {
    not: boolean;
    values: string[];
}

export interface NormalStatement {
    sid?: string;
    effect: string;
    action: Dimension;
    principal?: Dimension;
    resource?: Dimension;
    conditions: string[];
}

/** A policy document inside an input value (JSON string or object), or undefined. */
export function asPolicyDocument(v: unknown): { Statement: unknown } | undefined {
    let doc = v;
    if (typeof v === "string") {
        if (!/^\s*\{/.test(v)) return undefined;
        try {
            doc = JSON.parse(v);
        } catch {
            return undefined;
        }
    }
    if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && "Statement" in doc)
        return doc as { Statement: unknown };
    return undefined;
}

const list = (v: unknown): string[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

function principals(v: unknown): string[] {
    if (v === "*") return ["*"];
    if (v === null || typeof v !== "object") return list(v);
    const out: string[] = [];
    for (const [kind, ids] of Object.entries(v as Record<string, unknown>)) {
        for (const id of list(ids)) out.push(kind === "AWS" ? (id === "*" ? "*" : id) : `${kind}:${id}`);
    }
    return out.sort();
}

function conditions(v: unknown): string[] {
    const out: string[] = [];
    if (v === null || typeof v !== "object") return out;
    for (const [op, entries] of Object.entries(v as Record<string, unknown>)) {
        if (entries === null || typeof entries !== "object") continue;
        for (const [key, values] of Object.entries(entries as Record<string, unknown>)) {
            out.push(`${op} ${key} = ${list(values).join(" | ")}`);
        }
    }
    return out.sort();
}

export function normaliseStatements(doc: { Statement: unknown }): NormalStatement[] {
    const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return raw
        .filter((s): s is Record<string, unknown> => s !== null && typeof s === "object")
        .map((s) => {
            const dim = (
                pos: string,
                neg: string,
                f: (v: unknown) => string[] = (v) => list(v).sort(),
            ): Dimension | undefined =>
                s[pos] !== undefined
                    ? { not: false, values: f(s[pos]) }
                    : s[neg] !== undefined
                      ? { not: true, values: f(s[neg]) }
                      : undefined;
            return {
                sid: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined,
                effect: String(s.Effect ?? "Allow"),
                action: dim("Action", "NotAction") ?? { not: false, values: [] },
                principal: dim("Principal", "NotPrincipal", principals),
                resource: dim("Resource", "NotResource"),
                conditions: conditions(s.Condition),
            };
        });
}

const statementKey = (s: NormalStatement) => canonical({ ...s, sid: undefined });

function who(p: Dimension | undefined): string {
    if (!p) return "";
    const names = p.values.map((v) =>
        v === "*" ? "anyone (*)" : v.startsWith("Service:") ? `service ${v.slice(8)}` : v,
    );
    return p.not ? `everyone except ${names.join(", ")}` : names.join(", ");
}

function what(r: Dimension | undefined): string {
    if (!r) return "(no resource)";
    return r.not ? `everything except ${r.values.join(", ")}` : r.values.join(", ");
}

function actionsText(a: Dimension, values: string[] = a.values): string {
    return a.not ? `every action except ${values.join(", ")}` : values.join(", ");
}

/** `ACTIONS for PRINCIPALS on RESOURCES` (resource policies) or `ACTIONS for RESOURCES` (identity policies). */
function grant(s: NormalStatement, actions: string, principal = s.principal, resource = s.resource): string {
    const effect = s.effect === "Deny" ? "Deny " : "";
    return principal
        ? `${effect}${actions} for ${who(principal)} on ${what(resource)}`
        : `${effect}${actions} for ${what(resource)}`;
}

function label(s: NormalStatement): string {
    return `statement ${s.sid ? `"${s.sid}"` : "(no Sid)"}: ${s.effect}`;
}

function statementLines(sign: "+" | "-", s: NormalStatement): string[] {
    const lines = [`${sign} ${label(s)}`];
    if (s.action.not) lines.push(`${sign} ${grant(s, actionsText(s.action))}`);
    else for (const a of s.action.values) lines.push(`${sign} ${grant(s, a)}`);
    for (const c of s.conditions) lines.push(`${sign}   when ${c}`);
    return lines;
}

const added = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));

function changedStatementLines(before: NormalStatement, after: NormalStatement): string[] {
    const lines: string[] = [];
    const head = `@@ ${label(after)}${before.effect !== after.effect ? ` (was ${before.effect})` : ""} @@`;
    const sameNot = (x?: Dimension, y?: Dimension) => (x?.not ?? false) === (y?.not ?? false) && !!x === !!y;
    if (
        before.effect !== after.effect ||
        !sameNot(before.action, after.action) ||
        !sameNot(before.principal, after.principal) ||
        !sameNot(before.resource, after.resource)
    ) {
        return [head, ...statementLines("-", before).slice(1), ...statementLines("+", after).slice(1)];
    }
    // Removed before added, as in a unified diff.
    for (const a of added(after.action.values, before.action.values))
        lines.push(`- ${grant(before, before.action.not ? `every action except ${a}` : a)}`);
    for (const a of added(before.action.values, after.action.values))
        lines.push(`+ ${grant(after, after.action.not ? `every action except ${a}` : a)}`);
    if (before.principal && after.principal) {
        for (const p of added(after.principal.values, before.principal.values))
            lines.push(`- ${grant(before, actionsText(before.action), { not: before.principal.not, values: [p] })}`);
        for (const p of added(before.principal.values, after.principal.values))
            lines.push(`+ ${grant(after, actionsText(after.action), { not: after.principal.not, values: [p] })}`);
    }
    if (before.resource && after.resource) {
        for (const r of added(after.resource.values, before.resource.values))
            lines.push(
                `- ${grant(before, actionsText(before.action), before.principal, { not: before.resource.not, values: [r] })}`,
            );
        for (const r of added(before.resource.values, after.resource.values))
            lines.push(
                `+ ${grant(after, actionsText(after.action), after.principal, { not: after.resource.not, values: [r] })}`,
            );
    }
    for (const c of added(after.conditions, before.conditions)) lines.push(`-   when ${c}`);
    for (const c of added(before.conditions, after.conditions)) lines.push(`+   when ${c}`);
    return lines.length ? [head, ...lines] : [];
}

/** Statement-level diff of two policy documents (either may be absent). Empty when equivalent. */
export function diffPolicyDocuments(
    before: { Statement: unknown } | undefined,
    after: { Statement: unknown } | undefined,
): string[] {
    const a = before ? normaliseStatements(before) : [];
    const b = after ? normaliseStatements(after) : [];
    const pairs: [NormalStatement, NormalStatement][] = [];
    const restA = [...a];
    const restB: NormalStatement[] = [];
    // 1. Same Sid.
    for (const s of b) {
        const i = s.sid ? restA.findIndex((x) => x.sid === s.sid) : -1;
        if (i >= 0) pairs.push([restA.splice(i, 1)[0], s]);
        else restB.push(s);
    }
    // 2. Identical content (Sid added or renamed), then 3. same effect and principals.
    const matchBy = (key: (s: NormalStatement) => string) => {
        for (let j = 0; j < restB.length; j++) {
            const i = restA.findIndex((x) => key(x) === key(restB[j]));
            if (i >= 0) {
                pairs.push([restA.splice(i, 1)[0], restB[j]]);
                restB.splice(j--, 1);
            }
        }
    };
    matchBy(statementKey);
    matchBy((s) => `${s.sid === undefined}|${s.effect}|${canonical(s.principal)}|${canonical(s.resource)}`);
    const lines: string[] = [];
    for (const [x, y] of pairs) lines.push(...changedStatementLines(x, y));
    for (const s of restA) lines.push(...statementLines("-", s));
    for (const s of restB) lines.push(...statementLines("+", s));
    return lines;
}

// ------------------------------------------------------------------------------------------------
// Resources
// ------------------------------------------------------------------------------------------------

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

/** True when a plan carries the engine's own decisions (a real preview), not just new states. */
export function isRealPreview(plan: Plan): boolean {
    if (plan.source?.kind === "offline" || plan.source?.kind === "export") return false;
    return plan.steps.some((s) => s.oldState !== undefined || (s.op !== "create" && s.op !== undefined));
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
        unchanged,
        createOnlySource: catalog.source,
        policy: diffViolations(options.baseReport, options.headReport, options.policyUnavailable),
        states,
    };
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
        dataLoss: (kind === "replace" || kind === "delete") && STATEFUL_TYPES.has(st.type),
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

// ------------------------------------------------------------------------------------------------
// Markdown
// ------------------------------------------------------------------------------------------------

/** GitHub's limit for a comment body is 65,536 characters; stay under 64 KiB in bytes. */
export const DEFAULT_MAX_BYTES = 64 * 1024;
export const COMMENT_MARKER = "<!-- connect-customer-profiles:reviewer-diff -->";

const DATA_LOSS: Record<string, string> = {
    "aws:customerprofiles/domain:Domain":
        "every profile, profile object, object type and integration in the domain is deleted",
    "aws-native:customerprofiles:Domain":
        "every profile, profile object, object type and integration in the domain is deleted",
    "aws-native:customerprofiles:ObjectType": "every profile object of this type is deleted",
    "aws:kms/key:Key":
        "the old key is scheduled for deletion: everything encrypted under it (profiles, queued messages, stream records) becomes unreadable",
    "aws:sqs/queue:Queue": "every message in the queue (objects the domain failed to ingest) is lost",
    "aws:kinesis/stream:Stream": "every record not yet read from the stream is lost",
    "aws:s3/bucket:Bucket": "every object in the bucket is deleted with it",
    "aws:s3/bucketV2:BucketV2": "every object in the bucket is deleted with it",
    "aws:connect/instance:Instance":
        "the instance's users, flows, queues, phone numbers and contact history are deleted",
};

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function reasonText(r: ReplaceReason): string {
    return r.secret
        ? `${code(r.property)} (secret value changed)`
        : `${code(r.property)}: ${code(display(r.before))} → ${code(display(r.after))}`;
}

function warningBlock(c: ResourceChange): string {
    const reasons = c.replaceReasons.length
        ? `Create-only ${c.replaceReasons.length === 1 ? "property" : "properties"} changed: ${c.replaceReasons.map(reasonText).join("; ")}.`
        : "";
    const protect = c.protect
        ? " The resource is protected: `pulumi up` refuses until `protect` is lifted, which must be a deliberate decision."
        : "";
    if (c.dataLoss) {
        const verb = c.kind === "replace" ? "will be REPLACED (deleted and created again)" : "will be DELETED";
        const loss = DATA_LOSS[c.type] ?? "the data it holds is lost";
        return `> [!CAUTION]\n> **${code(c.name)} (${code(c.type)}) ${verb}: ${loss}.** ${reasons}${protect}\n`;
    }
    return `> [!WARNING]\n> ${code(c.name)} (${code(c.type)}) will be replaced. ${reasons}${protect}\n`;
}

function violationRows(title: string, vs: ViolationLike[]): string[] {
    return vs.map(
        (v) =>
            `| ${title} | ${v.enforcementLevel} | ${code(v.policyName)} | ${v.resourceName ? code(v.resourceName) : "stack"} | ${cell(display(v.detail ?? v.message, 300))} |`,
    );
}

function policyBlock(p: ViolationDelta): string {
    if (p.unavailable) return `### Policy check\n\nThe policy pack could not run: ${p.unavailable}\n`;
    const pack = p.pack ? `${code(`${p.pack.name}@v${p.pack.version}`)}` : "the policy pack";
    const mandatory = p.head.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`### Policy check`, ""];
    if (p.compared) {
        lines.push(
            `${pack}: **${p.introduced.length} violation${p.introduced.length === 1 ? "" : "s"} introduced, ${p.fixed.length} fixed** by this change; the new plan has ${mandatory} mandatory and ${p.head.length - mandatory} other violations.`,
        );
    } else {
        lines.push(`${pack}: the plan has ${mandatory} mandatory and ${p.head.length - mandatory} other violations.`);
    }
    const rows = [
        ...violationRows(p.compared ? "introduced" : "present", p.introduced),
        ...violationRows("fixed", p.fixed),
    ];
    if (rows.length) lines.push("", "| | level | policy | resource | detail |", "|---|---|---|---|---|", ...rows);
    return lines.join("\n") + "\n";
}

const SIGN: Record<ChangeKind, string> = { create: "+", update: "~", replace: "±", delete: "-" };

function resourceBlock(c: ResourceChange): string {
    const lines = [
        `#### ${SIGN[c.kind]} ${c.kind} ${code(c.name)} (${code(c.type)})${c.protect ? " [protected]" : ""}`,
        "",
    ];
    if (c.replaceReasons.length) lines.push(`Replaced because: ${c.replaceReasons.map(reasonText).join("; ")}.`, "");
    const shown = c.kind === "create" ? c.inputs.slice(0, 12) : c.inputs;
    for (const i of shown) {
        if (i.secret) lines.push(`- ${code(i.key)}: [secret] (value changed; secrets are never shown)`);
        else if (c.kind === "create") lines.push(`- ${code(i.key)}: ${code(display(i.after))}`);
        else if (i.before === undefined) lines.push(`- ${code(i.key)}: added ${code(display(i.after))}`);
        else if (i.after === undefined) lines.push(`- ${code(i.key)}: removed (was ${code(display(i.before))})`);
        else {
            const leaves = leafChanges(i.before, i.after);
            if (leaves && leaves.length <= 8)
                for (const [path, x, y] of leaves)
                    lines.push(
                        `- ${code(`${i.key}${path}`)}: ${x === undefined ? `added ${code(display(y))}` : y === undefined ? `removed (was ${code(display(x))})` : `${code(display(x))} → ${code(display(y))}`}`,
                    );
            else lines.push(`- ${code(i.key)}: ${code(display(i.before))} → ${code(display(i.after))}`);
        }
    }
    if (shown.length < c.inputs.length) lines.push(`- … and ${c.inputs.length - shown.length} more inputs`);
    for (const p of c.policies) {
        if (shown.length || p !== c.policies[0]) lines.push("");
        lines.push(
            `${code(p.key)}, statement by statement:`,
            "",
            "```diff",
            ...p.lines.map((l) => l.replace(/```/g, "'''")),
            "```",
        );
    }
    if (c.kind === "delete" && !c.policies.length) lines.push("Deleted: the resource is no longer in the program.");
    return lines.join("\n") + "\n";
}

/**
 * For two structured values (objects, arrays, JSON strings holding them): the changed leaves as
 * [path, before, after]; undefined when either side is a scalar.
 */
export function leafChanges(before: unknown, after: unknown): [string, unknown, unknown][] | undefined {
    const parse = (v: unknown) => {
        if (typeof v === "string" && /^\s*[[{]/.test(v)) {
            try {
                return JSON.parse(v);
            } catch {
                return v;
            }
        }
        return v;
    };
    const x = parse(before);
    const y = parse(after);
    const structured = (v: unknown) => v !== null && typeof v === "object";
    if (!structured(x) || !structured(y)) return undefined;
    const flat = (v: unknown, prefix: string, out: Map<string, unknown>) => {
        if (Array.isArray(v)) v.forEach((e, i) => flat(e, `${prefix}[${i}]`, out));
        else if (structured(v) && Object.keys(v as object).length)
            for (const [k, e] of Object.entries(v as object))
                flat(e, /^[A-Za-z_$][\w$]*$/.test(k) ? `${prefix}.${k}` : `${prefix}[${JSON.stringify(k)}]`, out);
        else out.set(prefix, v);
        return out;
    };
    const a = flat(x, "", new Map());
    const b = flat(y, "", new Map());
    const out: [string, unknown, unknown][] = [];
    for (const k of new Set([...a.keys(), ...b.keys()]))
        if (canonical(a.get(k)) !== canonical(b.get(k))) out.push([k, a.get(k), b.get(k)]);
    return out;
}

/** The changed resources and their direct neighbours, as a Mermaid block. */
export function changeGraph(diff: PlanDiff): string {
    const changed = new Set(diff.changes.map((c) => c.urn));
    const only = new Set(changed);
    for (const s of diff.states) {
        if (!s.custom) continue;
        for (const d of s.dependencies ?? []) {
            if (changed.has(s.urn)) only.add(d);
            if (changed.has(d)) only.add(s.urn);
        }
    }
    const ops = new Map(diff.changes.map((c) => [c.urn, c.kind]));
    const plan: Plan = { steps: diff.states.map((s) => ({ op: "same", urn: s.urn, newState: s })), changeSummary: {} };
    return renderMermaid(plan, { only, ops });
}

export interface MarkdownOptions {
    maxBytes?: number;
    /** Where the full diff can be read when the comment is truncated. */
    fullDiffHint?: string;
}

/** The pull-request comment: summary, data-loss warnings, policy check, per-resource changes, graph. */
export function renderMarkdown(diff: PlanDiff, options: MarkdownOptions = {}): string {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const count = (k: ChangeKind) => diff.changes.filter((c) => c.kind === k).length;
    const losses = diff.changes.filter((c) => c.dataLoss);
    const header = [
        COMMENT_MARKER,
        `## Reviewer diff${diff.stack ? `: stack ${code(diff.stack)}` : ""}`,
        "",
        `${diff.mode === "preview" ? "From `pulumi preview --json`" : "Offline plans compared by URN"}: ` +
            `**${count("replace")} to replace${losses.length ? ` (${losses.length} destroying data)` : ""}, ${count("delete")} to delete, ${count("update")} to update, ${count("create")} to create**; ${diff.unchanged} unchanged.`,
        "",
    ].join("\n");
    const blocks: { text: string; kind: "must" | "resource" | "graph" | "table" }[] = [];
    const warnings = diff.changes.filter((c) => c.kind === "replace" || (c.kind === "delete" && c.dataLoss));
    for (const c of warnings) blocks.push({ text: warningBlock(c), kind: "must" });
    if (diff.policy) blocks.push({ text: policyBlock(diff.policy), kind: "must" });
    if (diff.changes.length) {
        const rows = diff.changes.map(
            (c) =>
                `| ${c.kind}${c.dataLoss ? " (data loss)" : ""} | ${code(c.name)} | ${code(c.type)} | ${
                    cell(
                        [
                            ...c.replaceReasons.map((r) => r.property),
                            ...c.inputs.map((i) => i.key),
                            ...c.policies.map((p) => `${p.key} (policy)`),
                        ]
                            .filter((v, i, a) => a.indexOf(v) === i)
                            .slice(0, 8)
                            .join(", "),
                    ) || "—"
                } |`,
        );
        blocks.push({
            text:
                ["### Changes", "", "| operation | resource | type | inputs |", "|---|---|---|---|", ...rows].join(
                    "\n",
                ) + "\n",
            kind: "table",
        });
        for (const c of diff.changes) blocks.push({ text: resourceBlock(c), kind: "resource" });
        blocks.push({
            text:
                [
                    "### Graph of the changed resources and their neighbours",
                    "",
                    "```mermaid",
                    changeGraph(diff),
                    "```",
                ].join("\n") + "\n",
            kind: "graph",
        });
    } else {
        blocks.push({ text: "No resource changes.\n", kind: "must" });
    }
    const footer = `\n<sub>Create-only properties: ${diff.createOnlySource.replace(/\/[^ ]*\/(tests\/fixtures\/cfn-schemas)/, "$1")}. Secret values are never shown.</sub>\n`;

    const noteReserve = 600;
    let out = header;
    const omitted: string[] = [];
    let omittedResources = 0;
    for (const b of blocks) {
        if (bytes(out) + bytes(b.text) + 1 + bytes(footer) + noteReserve <= max) {
            out += `\n${b.text}`;
        } else if (b.kind === "resource") omittedResources++;
        else if (b.kind === "must") {
            // A warning that cannot fit whole is cut, never dropped.
            const room = max - bytes(out) - bytes(footer) - noteReserve - 8;
            if (room > 80)
                out += `\n${Buffer.from(b.text)
                    .subarray(0, room)
                    .toString("utf8")
                    .replace(/\uFFFD*$/, "")}…\n`;
            omitted.push("part of a warning");
        } else omitted.push(b.kind === "graph" ? "the graph" : "the summary table");
    }
    if (omittedResources) omitted.unshift(`${omittedResources} of ${diff.changes.length} resource sections`);
    if (omitted.length) {
        const hint = options.fullDiffHint ?? "run `npm run diff` locally for the full diff";
        out += `\n> [!NOTE]\n> **Truncated** to stay under ${Math.floor(max / 1024)} KB (the pull-request comment limit): ${omitted.join(", ")} left out; ${hint}.\n`;
    }
    return out + footer;
}

/** A few lines for the terminal. */
export function renderSummary(diff: PlanDiff): string {
    const lines = diff.changes.map(
        (c) =>
            `${SIGN[c.kind]} ${c.kind.padEnd(7)} ${c.type} ${c.name}${c.dataLoss ? "  DATA LOSS" : ""}${c.replaceReasons.length ? ` (create-only: ${c.replaceReasons.map((r) => r.property).join(", ")})` : ""}`,
    );
    lines.push(`${diff.changes.length} changes, ${diff.unchanged} unchanged`);
    if (diff.policy?.unavailable) lines.push(`policy check unavailable: ${diff.policy.unavailable}`);
    else if (diff.policy)
        lines.push(
            `policy violations: ${diff.policy.introduced.length} ${diff.policy.compared ? "introduced" : "present"}, ${diff.policy.fixed.length} fixed`,
        );
    return lines.join("\n");
}
