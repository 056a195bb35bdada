// The bootstrap's stack configuration as the bootstrap program reads it: bootstrap/Pulumi.STACK.yaml,
// validated by bootstrap/lib/config.ts, so specs judge what is committed rather than a copy of it.
import * as path from "path";
import { readStackFile } from "../../tools/lib/offline";
import { PROJECT, validateConfig } from "../../bootstrap/lib/config";
import type { Environment } from "../../bootstrap/lib/scope";

const BOOTSTRAP = path.resolve(__dirname, "..", "..", "bootstrap");

/** One environment of the bootstrap's stack file (default: dev). */
export function bootstrapEnvironment(name: string, stack = "dev"): Environment {
    const raw = readStackFile(path.join(BOOTSTRAP, `Pulumi.${stack}.yaml`));
    const own = Object.fromEntries(
        Object.entries(raw)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );
    const env = validateConfig(own).environments.find((e) => e.name === name);
    if (!env) throw new Error(`bootstrap/Pulumi.${stack}.yaml has no environment ${name}`);
    return env;
}
