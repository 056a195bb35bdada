// Keys: enabled, rotation on, and the key policy still holds the statements the stack wrote.
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { PolicyDocument, PolicyStatement } from "../../../components/common/policy-documents";
import { callFailed, DoctorContext } from "../context";
import { Check } from "../report";
import { SOURCES } from "../sources";

/** A policy value in canonical form: strings in a one-element list, lists sorted, keys sorted. */
function canonical(v: unknown): unknown {
    if (Array.isArray(v))
        return v.map((x) => (x && typeof x === "object" ? JSON.stringify(canonical(x)) : JSON.stringify(x))).sort();
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        );
    }
    return [JSON.stringify(v)];
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export interface PolicyDrift {
    /** Statements the stack wrote that are gone. */
    missing: string[];
    /** Statements the stack wrote whose content changed, with the elements that differ. */
    changed: { sid: string; elements: string[] }[];
    /** Statements in the live policy that the stack did not write. */
    added: string[];
}

const label = (s: PolicyStatement, i: number) => s.Sid ?? `statement ${i + 1}`;

/**
 * Compares the policy the stack wrote with the live one, statement by statement (by Sid; by
 * content for statements without one). Order of statements and of list values does not matter,
 * nor does a single value written as a one-element list (IAM JSON policy reference: elements).
 */
export function keyPolicyDrift(expected: PolicyDocument, live: PolicyDocument): PolicyDrift {
    const drift: PolicyDrift = { missing: [], changed: [], added: [] };
    const liveStatements = [...live.Statement];
    const matched = new Set<number>();
    expected.Statement.forEach((e, i) => {
        const j = liveStatements.findIndex((l, k) => !matched.has(k) && (e.Sid ? l.Sid === e.Sid : same(l, e)));
        if (j < 0) {
            drift.missing.push(label(e, i));
            return;
        }
        matched.add(j);
        const l = liveStatements[j];
        const elements = ["Effect", "Principal", "Action", "Resource", "Condition"].filter(
            (k) => !same((e as unknown as Record<string, unknown>)[k], (l as unknown as Record<string, unknown>)[k]),
        );
        if (elements.length > 0) drift.changed.push({ sid: label(e, i), elements });
    });
    liveStatements.forEach((l, k) => {
        if (!matched.has(k)) drift.added.push(label(l, k));
    });
    return drift;
}

export async function checkKeys(ctx: DoctorContext): Promise<Check[]> {
    const keys = ctx.inv.outputs.keys ?? { domain: { arn: ctx.inv.outputs.keyArn, policy: undefined } };
    const perKey = await Promise.all(
        Object.entries(keys).map(([name, k]) => checkKey(ctx, name, k.arn, k.policy as PolicyDocument | undefined)),
    );
    return perKey.flat();
}

async function checkKey(
    ctx: DoctorContext,
    name: string,
    arn: string,
    expected: PolicyDocument | undefined,
): Promise<Check[]> {
    const kms = ctx.clients.kms;
    const [meta, rotation, policy] = await Promise.allSettled([
        kms.send(new DescribeKeyCommand({ KeyId: arn })),
        kms.send(new GetKeyRotationStatusCommand({ KeyId: arn })),
        expected
            ? kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: "default" }))
            : Promise.resolve(undefined),
    ]);
    const checks: Check[] = [];
    const what = `${name} key`;
    if (meta.status === "rejected") {
        checks.push(callFailed("keys", `DescribeKey ${what} ${arn}`, meta.reason, SOURCES.keyState));
    } else {
        const m = meta.value.KeyMetadata;
        if (m?.KeyState === "Enabled") {
            checks.push({ area: "keys", status: "ok", message: `${what} is enabled`, source: SOURCES.keyState });
        } else if (m?.KeyState === "PendingDeletion") {
            checks.push({
                area: "keys",
                status: "problem",
                message: `${what} is pending deletion${m.DeletionDate ? ` on ${m.DeletionDate.toISOString().slice(0, 10)}` : ""}`,
                remedy: "Cancel the key deletion (CancelKeyDeletion), then enable the key (EnableKey): a key pending deletion cannot be used in any cryptographic operation, and deleting it makes the data it encrypts unrecoverable.",
                source: SOURCES.keyState,
            });
        } else {
            checks.push({
                area: "keys",
                status: "problem",
                message: `${what} is ${m?.KeyState ?? "in an unknown state"}`,
                remedy: "Enable the key (EnableKey): a disabled key cannot be used in any cryptographic operation.",
                source: SOURCES.keyState,
            });
        }
    }
    if (rotation.status === "rejected") {
        checks.push(callFailed("keys", `GetKeyRotationStatus ${what}`, rotation.reason, SOURCES.keyRotation));
    } else if (rotation.value.KeyRotationEnabled) {
        checks.push({
            area: "keys",
            status: "ok",
            message: `${what} rotates automatically`,
            source: SOURCES.keyRotation,
        });
    } else {
        checks.push({
            area: "keys",
            status: "warning",
            message: `${what}: automatic rotation is off`,
            remedy: "Enable automatic key rotation (EnableKeyRotation), as the stack configures it; run `pulumi up`.",
            source: SOURCES.keyRotation,
        });
    }
    if (expected && policy.status === "rejected") {
        checks.push(callFailed("keys", `GetKeyPolicy ${what}`, policy.reason, SOURCES.keyPolicy));
    } else if (expected && policy.status === "fulfilled" && policy.value) {
        let live: PolicyDocument | undefined;
        try {
            live = JSON.parse(policy.value.Policy ?? "") as PolicyDocument;
        } catch {
            live = undefined;
        }
        const drift = live ? keyPolicyDrift(expected, live) : undefined;
        if (!drift) {
            checks.push({
                area: "keys",
                status: "problem",
                message: `${what}: the key policy is not JSON`,
                source: SOURCES.keyPolicy,
            });
        } else if (drift.missing.length + drift.changed.length === 0) {
            checks.push(
                drift.added.length === 0
                    ? {
                          area: "keys",
                          status: "ok",
                          message: `${what} policy holds the stack's ${expected.Statement.length} statements`,
                          source: SOURCES.keyPolicy,
                      }
                    : {
                          area: "keys",
                          status: "warning",
                          message: `${what} policy holds the stack's statements, plus ${drift.added.join(", ")} added outside the stack`,
                          remedy: "Review the added statements; `pulumi up` writes the stack's policy back (PutKeyPolicy replaces the whole policy).",
                          source: SOURCES.keyPolicy,
                      },
            );
        } else {
            checks.push({
                area: "keys",
                status: "problem",
                message: `${what} policy drifted from what the stack wrote`,
                details: [
                    ...drift.missing.map((s) => `removed: ${s}`),
                    ...drift.changed.map((c) => `changed: ${c.sid} (${c.elements.join(", ")})`),
                    ...drift.added.map((s) => `added outside the stack: ${s}`),
                ],
                remedy: "Run `pulumi up` to write the stack's key policy back. Customer Profiles needs kms:GenerateDataKey, kms:CreateGrant and kms:Decrypt on the domain key; Amazon Connect's service-linked role needs kms:GenerateDataKey on a streaming key before streaming starts, or data is lost.",
                source: SOURCES.keyPolicy,
            });
        }
    }
    return checks;
}
