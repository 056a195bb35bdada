import { strict as assert } from "assert";
import {
    isIso8601Timestamp,
    isProfileEvent,
    parseKinesisProfileEvent,
    parseProfileEvent,
    ProfileEventError,
    validateProfileEvent,
} from "../../components";

/** The documented sample payload (Amazon Connect Administrator Guide, "Export your unified customer profile data", section "Real-time export Kinesis payload"). */
const SAMPLE =
    '{"SchemaVersion":0,"EventId":"6049bf39-0000-0000-0000-b75656dd51a8","EventTimestamp":"2023-02-24T07:17:05.356Z","EventType":"UPDATED","DomainName":"SampleDomain","ObjectTypeName":"Salesforce-Account","AssociatedProfileId":"5ffcee99ab0000000000b3ae01225e40","ProfileObjectUniqueKey":"cNo77ZI0000000000pCPB7RQcqfeBaRfBwrzW2MMbws=","Object":{"Id":"0012v00002kVKVuAAO","IsDeleted":false,"Name":"Company A","Phone":"+12065551234"},"IsMessageRealTime":true}';
const sample = () => JSON.parse(SAMPLE) as Record<string, unknown>;
/** A standard-profile event in the documented shape: no AssociatedProfileId. */
const PROFILE_CREATED = {
    SchemaVersion: 0,
    EventId: "a1b2c3d4-0000-0000-0000-0123456789ab",
    EventTimestamp: "2023-02-24T07:16:59.001Z",
    EventType: "CREATED",
    DomainName: "SampleDomain",
    ObjectTypeName: "_profile",
    Object: {
        ProfileId: "5ffcee99ab0000000000b3ae01225e40",
        FirstName: "Jane",
        LastName: "Doe",
        PhoneNumber: "+12065551234",
    },
    IsMessageRealTime: true,
};
const HEALTH_CHECK = {
    SchemaVersion: 0,
    EventId: "e0000000-0000-0000-0000-000000000001",
    EventTimestamp: "2023-02-24T07:00:00Z",
    EventType: "HEALTH_CHECK",
    DomainName: "SampleDomain",
    IsMessageRealTime: true,
};

describe("profile event contract", () => {
    it("accepts the documented sample (text, Buffer, base64 Kinesis data, parsed)", () => {
        assert.deepEqual(validateProfileEvent(sample()), []);
        assert.equal(parseProfileEvent(SAMPLE).ObjectTypeName, "Salesforce-Account");
        assert.equal(parseProfileEvent(Buffer.from(SAMPLE)).EventType, "UPDATED");
        assert.equal(
            parseKinesisProfileEvent(Buffer.from(SAMPLE).toString("base64")).EventId,
            "6049bf39-0000-0000-0000-b75656dd51a8",
        );
        assert.ok(isProfileEvent(sample()));
    });

    it("accepts a standard profile without AssociatedProfileId, and a health check without an object", () => {
        assert.deepEqual(validateProfileEvent(PROFILE_CREATED), []);
        assert.deepEqual(validateProfileEvent(HEALTH_CHECK), []);
    });

    it("accepts unknown extra fields (forward compatible) and redelivered events", () => {
        assert.deepEqual(validateProfileEvent({ ...sample(), NewField: 1, IsMessageRealTime: false }), []);
    });

    const malformed: [string, Record<string, unknown>, string[]][] = [
        [
            "unknown EventType",
            { ...sample(), EventType: "DELETED" },
            ['EventType: "DELETED" is not valid; expected one of CREATED, UPDATED, HEALTH_CHECK'],
        ],
        [
            "timestamp without a zone",
            { ...sample(), EventTimestamp: "2023-02-24 07:17:05" },
            [
                'EventTimestamp: "2023-02-24 07:17:05" is not valid; expected an ISO 8601 timestamp such as 2023-02-24T07:17:05.356Z',
            ],
        ],
        [
            "impossible date",
            { ...sample(), EventTimestamp: "2023-02-30T07:17:05Z" },
            [
                'EventTimestamp: "2023-02-30T07:17:05Z" is not valid; expected an ISO 8601 timestamp such as 2023-02-24T07:17:05.356Z',
            ],
        ],
        [
            "object without AssociatedProfileId",
            (({ AssociatedProfileId: _a, ...r }) => r)(sample()),
            [
                "AssociatedProfileId: (missing) is not valid; expected the ID of the profile the object belongs to (required when ObjectTypeName is Salesforce-Account)",
            ],
        ],
        [
            "_profile with AssociatedProfileId",
            { ...PROFILE_CREATED, AssociatedProfileId: "x" },
            ['AssociatedProfileId: "x" is not valid; expected no AssociatedProfileId when ObjectTypeName is _profile'],
        ],
        [
            "string SchemaVersion, non-boolean real-time flag",
            { ...sample(), SchemaVersion: "0", IsMessageRealTime: "true" },
            [
                'SchemaVersion: "0" is not valid; expected a non-negative whole number (0)',
                'IsMessageRealTime: "true" is not valid; expected true or false',
            ],
        ],
        [
            "Object is an array, key missing",
            (({ ProfileObjectUniqueKey: _k, ...r }) => ({ ...r, Object: [] }))(sample()),
            [
                "ProfileObjectUniqueKey: (missing) is not valid; expected the unique key the service generated for the object (a non-empty string)",
                "Object: [] is not valid; expected a JSON object (the profile or the profile object)",
            ],
        ],
        [
            "bad domain name, empty EventId",
            { ...sample(), DomainName: "Sample Domain", EventId: "" },
            [
                'EventId: "" is not valid; expected a non-empty string',
                'DomainName: "Sample Domain" is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"',
            ],
        ],
    ];
    for (const [title, event, problems] of malformed) {
        it(`rejects: ${title}`, () => assert.deepEqual(validateProfileEvent(event), problems));
    }

    it("lists every problem at once in one error", () => {
        assert.throws(
            () => parseProfileEvent({ SchemaVersion: 0 }),
            (e: unknown) => {
                assert.ok(e instanceof ProfileEventError);
                assert.equal(e.problems.length, 8);
                assert.equal(
                    e.message,
                    [
                        "Invalid profile event (8 problems):",
                        "  - EventId: (missing) is not valid; expected a non-empty string",
                        "  - EventTimestamp: (missing) is not valid; expected an ISO 8601 timestamp such as 2023-02-24T07:17:05.356Z",
                        "  - EventType: (missing) is not valid; expected one of CREATED, UPDATED, HEALTH_CHECK",
                        '  - DomainName: (missing) is not valid; expected a domain name of 1–64 letters, digits, "_" or "-"',
                        "  - IsMessageRealTime: (missing) is not valid; expected true or false",
                        "  - ObjectTypeName: (missing) is not valid; expected an object type name such as _profile, _order or Salesforce-Account",
                        "  - ProfileObjectUniqueKey: (missing) is not valid; expected the unique key the service generated for the object (a non-empty string)",
                        "  - Object: (missing) is not valid; expected a JSON object (the profile or the profile object)",
                    ].join("\n"),
                );
                return true;
            },
        );
        assert.throws(
            () => parseProfileEvent("{not json"),
            /Invalid profile event \(1 problem\):\n {2}- the event: is not JSON/,
        );
        assert.deepEqual(validateProfileEvent([1]), ["the event: [1] is not valid; expected a JSON object"]);
    });

    it("ISO 8601: offsets and fractions accepted; out-of-range fields rejected", () => {
        for (const ok of [
            "2023-02-24T07:17:05Z",
            "2023-02-24T07:17:05.356+09:00",
            "2024-02-29T23:59:59.123456789-05:30",
        ])
            assert.ok(isIso8601Timestamp(ok), ok);
        for (const bad of [
            "2023-02-24",
            "2023-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-02-24T24:00:00Z",
            "2023-02-24T07:17:05+25:00",
            "yesterday",
        ])
            assert.ok(!isIso8601Timestamp(bad), bad);
    });
});
