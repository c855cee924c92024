import { strict as assert } from "assert";
import { buildNotifierDefinition } from "../../lib/monitoring/notifier";

/*
 * The exact HTTP request the notifier's workflow sends (issue 19, item 3), checked against:
 * - ACS Email REST: azure-rest-api-specs
 *   specification/communication/data-plane/Email/stable/2023-03-31/CommunicationServicesEmail.json
 *   (`POST /emails:send`, query `api-version` required, body `EmailMessage` with required
 *   `senderAddress`, `content` (required `subject`; `plainText`, `html`) and `recipients` (required
 *   `to`: `EmailAddress[]`, each with a required `address`); headers `Operation-Id` and
 *   `x-ms-client-request-id` are optional);
 * - the token audience: the ACS SDKs' scope `https://communication.azure.com//.default` (e.g.
 *   azure-sdk-for-js communication-common `createCommunicationAuthPolicy`) minus `/.default`, which
 *   is how `@azure/identity`'s `mapScopesToResource` asks a managed identity for a token;
 * - Logic Apps workflow definition language: an `Http` action's `inputs` are `method`, `uri`,
 *   `headers`, `body`, `authentication` (`ManagedServiceIdentity` with `audience`).
 */

const def = buildNotifierDefinition({
  acsHostName: "acs-mlops.europe.communication.azure.com",
  senderAddress: "DoNotReply@0123abcd.azurecomm.net",
  recipients: ["ops@contoso.com", "data@contoso.com"],
  subjectPrefix: "[MLOps]",
}) as any;
const send = def.actions.SendEmail;

/** Properties an `EmailMessage` may have (2023-03-31 spec). */
const EMAIL_MESSAGE = [
  "headers",
  "senderAddress",
  "content",
  "recipients",
  "attachments",
  "replyTo",
  "userEngagementTrackingDisabled",
];

describe("LogicAppNotifier's HTTP action (ACS Email REST, managed identity)", () => {
  it("authenticates with the workflow's managed identity for the resource the ACS SDKs use", () => {
    assert.deepEqual(send.inputs.authentication, {
      type: "ManagedServiceIdentity",
      audience: "https://communication.azure.com/",
    });
    // The SDK scope minus "/.default" (how a managed identity is asked for a token).
    const sdkScope = "https://communication.azure.com//.default";
    assert.equal(send.inputs.authentication.audience, sdkScope.slice(0, -"/.default".length));
  });

  it("POSTs to {endpoint}/emails:send with the stable api-version and a JSON body", () => {
    assert.equal(send.type, "Http");
    assert.equal(send.inputs.method, "POST");
    const url = new URL(send.inputs.uri);
    assert.equal(url.protocol, "https:");
    assert.equal(url.host, "acs-mlops.europe.communication.azure.com");
    assert.equal(url.pathname, "/emails:send");
    assert.deepEqual([...url.searchParams.keys()], ["api-version"]);
    assert.equal(url.searchParams.get("api-version"), "2023-03-31");
    assert.deepEqual(send.inputs.headers, { "Content-Type": "application/json" });
    // 202 + Operation-Location: the action does not poll it.
    assert.equal(send.operationOptions, "DisableAsyncPattern");
    assert.deepEqual(Object.keys(send.inputs).sort(), [
      "authentication",
      "body",
      "headers",
      "method",
      "uri",
    ]);
  });

  it("sends an EmailMessage: required senderAddress, content.subject and recipients.to[].address", () => {
    const body = send.inputs.body;
    for (const k of Object.keys(body)) assert.ok(EMAIL_MESSAGE.includes(k), `unknown ${k}`);
    assert.equal(body.senderAddress, "DoNotReply@0123abcd.azurecomm.net");
    assert.deepEqual(body.recipients, {
      to: [{ address: "ops@contoso.com" }, { address: "data@contoso.com" }],
    });
    assert.deepEqual(Object.keys(body.content).sort(), ["plainText", "subject"]);
    assert.equal(typeof body.content.subject, "string");
    assert.match(body.content.subject, /^\[MLOps\] @\{coalesce\(/);
    assert.match(body.content.plainText, /^Pipeline: @\{coalesce\(triggerBody\(\)\?\['pipeline'\]/);
  });
});
