// web-identity-trust (issue 22 review): the rule's own remediation recommends one environment or branch,
// never a pattern after the repository (GitHub Docs, "OpenID Connect reference", example subject claims).
import * as assert from "assert";
import { webIdentityTrust } from "../../policies/web-identity-trust";

describe("web-identity-trust remediation", function () {
    it("does not recommend a pattern after the repository (repo:ORG/REPO:*)", () => {
        assert.ok(!webIdentityTrust.remediationSteps?.includes("repo:ORG/REPO:*"), webIdentityTrust.remediationSteps);
        assert.match(webIdentityTrust.remediationSteps ?? "", /"HOST:sub": "repo:ORG\/REPO:environment:NAME"/);
    });
});
