import * as pulumi from "@pulumi/pulumi";
import * as communication from "@pulumi/azure-native/communication";
import * as logic from "@pulumi/azure-native/logic";
import { checkArgs } from "../core/options";
import { LOGIC_APP_NOTIFIER_OPTIONS } from "./option-shapes";
import { Check } from "../core/errors";
import { grantRole, RoleDefinition, ROLES } from "../identity";
import { checkEmails } from "./limits";

/** The role the workflow's identity gets on the Communication Services resource. */
export const COMMUNICATION_EMAIL_ROLE: RoleDefinition = ROLES.communicationAndEmailServiceOwner;

/** Name of the workflow's HTTP request trigger (the callback URL is for this trigger). */
export const NOTIFIER_TRIGGER = "manual";
/**
 * ACS Email REST API version the workflow calls: `POST {endpoint}/emails:send`, the stable
 * `Email_Send` operation of azure-rest-api-specs
 * `specification/communication/data-plane/Email/stable/2023-03-31/CommunicationServicesEmail.json`.
 */
export const ACS_EMAIL_API_VERSION = "2023-03-31";
/**
 * Entra resource (a managed identity's token audience) of Communication Services data-plane calls:
 * `https://communication.azure.com/`, with the trailing slash.
 * - Every ACS SDK requests the scope `https://communication.azure.com//.default` (azure-sdk-for-js
 *   `communication-common` `createCommunicationAuthPolicy`, azure-sdk-for-net
 *   `BuildHttpPipeline`, azure-sdk-for-java `BearerTokenAuthenticationPolicy(..., ".../.default")`,
 *   azure-sdk-for-python `get_authentication_policy`). A scope is `<resource>/.default`, so the
 *   double slash means the resource itself ends in `/`.
 * - A managed identity asks its token endpoint for a *resource*, not a scope: `@azure/identity`'s
 *   `ManagedIdentityCredential` turns that scope into `resource=https://communication.azure.com/`
 *   (`mapScopesToResource` strips only the `/.default` suffix).
 * - A Logic App HTTP action's `authentication.audience` is that same resource: Learn,
 *   "Authenticate access and connections to Azure resources with managed identities in Azure
 *   Logic Apps" (the audience is the target resource's id; e.g. `https://storage.azure.com/`).
 * The value without the slash (0.1.0's) is not what any Microsoft client requests; whether ACS also
 * accepts a token for it is not documented, so the library sends what the SDKs send.
 */
export const ACS_AUDIENCE = "https://communication.azure.com/";

/**
 * The JSON a caller POSTs. `ScheduledDataPipeline` notifications send `event`, `factory`,
 * `pipeline`, `runId`, `triggerName` and `triggerTime`; other callers may send `stage`, `status`
 * and `message`. An action group's Logic App receiver posts the common alert schema instead; the
 * workflow reads its `data.essentials` for the same email.
 */
export const NOTIFICATION_SCHEMA = {
  type: "object",
  properties: {
    pipeline: { type: "string" },
    runId: { type: "string" },
    event: { type: "string", enum: ["started", "succeeded", "failed"] },
    status: { type: "string" },
    stage: { type: "string" },
    message: { type: "string" },
    factory: { type: "string" },
    triggerName: { type: "string" },
    triggerTime: { type: "string" },
  },
} as const;

/** What the workflow definition needs. */
export interface NotifierDefinitionInputs {
  /** ACS host name, e.g. `acs-mlops.europe.communication.azure.com`. */
  readonly acsHostName: string;
  /** `DoNotReply@<domain>`. */
  readonly senderAddress: string;
  /** Email addresses every notification goes to. */
  readonly recipients: readonly string[];
  /** Prefix of every subject. */
  readonly subjectPrefix: string;
}

/**
 * The Logic App workflow definition: an HTTP request trigger validated against
 * `NOTIFICATION_SCHEMA`, then one HTTP action that calls the ACS Email API with the workflow's
 * managed identity (no connection, no key, no consent step). The body is an `EmailMessage` of the
 * 2023-03-31 spec (`senderAddress`, `recipients.to[].address`, `content.subject` and
 * `content.plainText`); the API answers 202 with an `Operation-Location` to poll, which the action
 * does not follow (`DisableAsyncPattern`): a queued email is the workflow's success.
 */
export function buildNotifierDefinition(i: NotifierDefinitionInputs): Record<string, unknown> {
  const field = (f: string) => `@{triggerBody()?['${f}']}`;
  // Common alert schema payloads carry their facts under data.essentials.
  const essentials = (f: string) => `triggerBody()?['data']?['essentials']?['${f}']`;
  const pipeline = `@{coalesce(triggerBody()?['pipeline'], ${essentials("alertRule")}, 'unknown')}`;
  const status = `@{coalesce(triggerBody()?['status'], triggerBody()?['event'], ${essentials("monitorCondition")}, 'notice')}`;
  const message = `@{coalesce(triggerBody()?['message'], ${essentials("description")}, '')}`;
  return {
    $schema:
      "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    contentVersion: "1.0.0.0",
    parameters: {},
    triggers: {
      [NOTIFIER_TRIGGER]: {
        type: "Request",
        kind: "Http",
        // The schema documents the fields and gives the designer its tokens. It is not enforced,
        // because an action group posting the common alert schema reaches the same trigger.
        inputs: { method: "POST", schema: NOTIFICATION_SCHEMA },
      },
    },
    actions: {
      SendEmail: {
        type: "Http",
        runAfter: {},
        operationOptions: "DisableAsyncPattern",
        inputs: {
          method: "POST",
          uri: `https://${i.acsHostName}/emails:send?api-version=${ACS_EMAIL_API_VERSION}`,
          headers: { "Content-Type": "application/json" },
          authentication: { type: "ManagedServiceIdentity", audience: ACS_AUDIENCE },
          body: {
            senderAddress: i.senderAddress,
            recipients: { to: i.recipients.map((address) => ({ address })) },
            content: {
              subject: `${i.subjectPrefix} ${pipeline}: ${status}`,
              plainText: [
                `Pipeline: ${pipeline}`,
                `Status: ${status}`,
                `Stage: ${field("stage")}`,
                `Run id: ${field("runId")}`,
                `Factory: ${field("factory")}`,
                `Trigger: ${field("triggerName")} at ${field("triggerTime")}`,
                `Message: ${message}`,
              ].join("\n"),
            },
          },
        },
      },
    },
    outputs: {},
  };
}

/** Arguments for `LogicAppNotifier`. */
export interface LogicAppNotifierArgs {
  /** Resource group for the workflow and the Communication Services resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * Region of the workflow.
   * @default - the resource group's region
   */
  readonly location?: pulumi.Input<string>;
  /** Who receives the emails (plain addresses). */
  readonly recipients: readonly string[];
  /**
   * Where Communication Services stores email data (`Europe`, `United States`, ...).
   * @default "Europe"
   */
  readonly dataLocation?: string;
  /**
   * Text before every subject.
   * @default "[MLOps]"
   */
  readonly subjectPrefix?: string;
  /** Tags for every resource. @default {} */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Logic App that emails pipeline notifications. It owns an Azure Communication Services email
 * setup with an Azure-managed sender domain (verified by Azure, so nothing is left to do after
 * `pulumi up`), and sends through the ACS Email API with its system-assigned identity, which is
 * granted one role on the one Communication Services resource. Its callback URL is a Pulumi
 * secret; pass the notifier itself as `notifications.url` of a `ScheduledDataPipeline` or as
 * `logicApp` of `PipelineAlerts`.
 *
 * @example
 * ```ts
 * import { DataFactory, LogicAppNotifier, ScheduledDataPipeline } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // A Logic App that e-mails run notifications through Azure Communication Services.
 * const notifier = new LogicAppNotifier("run-mail", {
 *   resourceGroupName: "rg-mlops",
 *   recipients: ["mlops-oncall@contoso.com"],
 * });
 * // The pipeline POSTs started / succeeded / failed to it (its callback URL stays a secret).
 * new ScheduledDataPipeline("forecasting-ingest", {
 *   factory: adf,
 *   activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
 *   notifications: { url: notifier, onStart: true },
 * });
 * ```
 */
export class LogicAppNotifier extends pulumi.ComponentResource {
  /** The workflow's ARM id (for an action group's Logic App receiver). */
  public readonly workflowId: pulumi.Output<string>;
  /** The HTTP trigger's callback URL. It carries a signature: a Pulumi secret. */
  public readonly callbackUrl: pulumi.Output<string>;
  /** Object id of the workflow's managed identity. */
  public readonly principalId: pulumi.Output<string>;
  /** The address emails come from. */
  public readonly senderAddress: pulumi.Output<string>;

  constructor(name: string, args: LogicAppNotifierArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "LogicAppNotifier", name };
    const check = new Check(ctx);
    checkArgs(check, args, LOGIC_APP_NOTIFIER_OPTIONS);
    check.required("resourceGroupName", args.resourceGroupName);
    check.type("resourceGroupName", args.resourceGroupName, "string", { deferred: true });
    check.type("recipients", args.recipients, "array");
    check.required("recipients", args.recipients, "must name at least one email address");
    checkEmails(check, "recipients", args.recipients);
    check.type("dataLocation", args.dataLocation, "string");
    check.type("subjectPrefix", args.subjectPrefix, "string");
    super("mlops:monitoring:LogicAppNotifier", name, {}, opts);

    const dataLocation = args.dataLocation ?? "Europe";
    const common = { resourceGroupName: args.resourceGroupName, tags: args.tags };
    const emailService = new communication.EmailService(
      `${name}-email`,
      { ...common, location: "global", dataLocation },
      { parent: this },
    );
    const domain = new communication.Domain(
      `${name}-domain`,
      {
        ...common,
        location: "global",
        emailServiceName: emailService.name,
        domainName: "AzureManagedDomain",
        domainManagement: "AzureManaged",
        userEngagementTracking: "Disabled",
      },
      { parent: this },
    );
    const acs = new communication.CommunicationService(
      `${name}-acs`,
      {
        ...common,
        location: "global",
        dataLocation,
        linkedDomains: [domain.id],
        // Entra only: the workflow's identity is the one way in.
        disableLocalAuth: true,
      },
      { parent: this },
    );
    this.senderAddress = pulumi.interpolate`DoNotReply@${domain.fromSenderDomain}`;

    const workflow = new logic.Workflow(
      `${name}-workflow`,
      {
        ...common,
        location: args.location,
        identity: { type: "SystemAssigned" },
        state: "Enabled",
        definition: pulumi
          .all([acs.hostName, this.senderAddress])
          .apply(([acsHostName, senderAddress]) =>
            buildNotifierDefinition({
              acsHostName,
              senderAddress,
              recipients: args.recipients,
              subjectPrefix: args.subjectPrefix ?? "[MLOps]",
            }),
          ),
      },
      { parent: this },
    );
    this.principalId = workflow.identity.apply((i) => i?.principalId ?? "");
    grantRole(
      `${name}-send-email`,
      { principalId: this.principalId, role: COMMUNICATION_EMAIL_ROLE, scope: acs.id },
      { parent: this },
    );

    this.workflowId = workflow.id;
    this.callbackUrl = pulumi.secret(
      logic
        .listWorkflowTriggerCallbackUrlOutput(
          {
            resourceGroupName: args.resourceGroupName,
            workflowName: workflow.name,
            triggerName: NOTIFIER_TRIGGER,
          },
          { parent: this },
        )
        .apply((r) => r.value),
    );
    this.registerOutputs({
      workflowId: this.workflowId,
      callbackUrl: this.callbackUrl,
      principalId: this.principalId,
      senderAddress: this.senderAddress,
    });
  }
}
