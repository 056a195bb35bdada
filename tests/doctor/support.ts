// Running the doctor against a fake account (aws-sdk-client-mock through installFakeAccount).
import * as fs from "fs";
import * as path from "path";
import { FakeAccount, FakeMocks, FakeResponse, installFakeAccount } from "../../tools/doctor/aws";
import { main } from "../../tools/doctor";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "doctor");
export const OUTPUTS = path.join(FIXTURES, "outputs.json");
export const NOW = new Date("2026-11-29T23:00:00Z");

export const outputs = (): Record<string, any> => JSON.parse(fs.readFileSync(OUTPUTS, "utf8"));

/** A deep copy of the healthy account of the dev stack's outputs. */
export function healthy(): FakeAccount {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES, "healthy-account.json"), "utf8"));
}

/** The responses of a command as a list. */
export function responses(account: FakeAccount, command: string): FakeResponse[] {
    const r = account[command];
    if (!r) throw new Error(`the fake account has no ${command}`);
    if (!Array.isArray(r)) account[command] = [r];
    return account[command] as FakeResponse[];
}

/** The response of a command whose input contains `where`. */

export function response(account: FakeAccount, command: string, where: Record<string, unknown> = {}): any {
    const found = responses(account, command).find((r) =>
        Object.entries(where).every(([k, v]) => (r.input ?? {})[k] === v),
    );
    if (!found) throw new Error(`no ${command} response for ${JSON.stringify(where)}`);
    return found;
}

export interface Run {
    code: number;
    out: string;
    err: string;
    mocks: FakeMocks;
    /** Names of the commands sent, in order. */
    commands: string[];
}

export async function run(argv: string[], account: FakeAccount | null = healthy()): Promise<Run> {
    let out = "";
    let err = "";
    const fake = account ? installFakeAccount(account) : undefined;
    try {
        const code = await main(argv, {
            out: (s) => (out += s),
            err: (s) => (err += s),
            env: {},
            progress: false,
            now: () => NOW,
        });
        const commands = fake
            ? Object.values(fake.mocks).flatMap((m) =>
                  m.calls().map((c: any) => (c.args[0].constructor.name as string).replace(/Command$/, "")),
              )
            : [];
        return { code, out, err, mocks: fake?.mocks as FakeMocks, commands };
    } finally {
        fake?.restore();
    }
}

/** The report lines of a status (`problem`, `warning`, `ok`). */
export const lines = (r: Run, status: string) => r.out.split("\n").filter((l) => l.startsWith(`${status} `));
