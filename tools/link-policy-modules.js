// postinstall: give the policy pack (policies/) the root's locked node_modules, so that
// `pulumi preview --policy-pack policies` finds @pulumi/policy and the rest right after `npm ci`,
// with exactly the versions package-lock.json pins. A link where the platform allows it, nothing
// to do when policies/node_modules already exists (a separate install there wins).
const fs = require("fs");
const path = require("path");

const target = path.join(__dirname, "..", "policies", "node_modules");
try {
    fs.lstatSync(target);
} catch {
    try {
        fs.symlinkSync(path.join("..", "node_modules"), target, process.platform === "win32" ? "junction" : "dir");
    } catch (e) {
        process.stderr.write(
            `note: could not link policies/node_modules (${e.message}); run "npm install" in policies/ before using the policy pack with the Pulumi CLI\n`,
        );
    }
}
