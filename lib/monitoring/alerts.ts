import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { Duration } from "../core/duration";
import { checkArgs } from "../core/options";
import { PIPELINE_ALERTS_OPTIONS } from "./option-shapes";
import { Check, ValidationContext } from "../core/errors";
import { Recurrence } from "../core/recurrence";
import { DataFactory } from "../datafactory/factory";
import { ScheduledDataPipeline } from "../datafactory/pipeline";
import { uuidV5 } from "../identity";
import {
  checkFreshness,
  describeFreshness,
  freshnessQuery,
  FreshnessSpec,
  freshnessWindow,
  shortestFiringGap,
  withinFromDeadline,
} from "./freshness";
import {
  ADF_LOG_CATEGORIES,
  AlertSeverity,
  checkEmails,
  checkSeverity,
  checkShortName,
} from "./limits";
import { checkMetricAlertTiming, metricAlertArgs } from "./metric-alert";
import { LogicAppNotifier } from "./notifier";
import { buildDashboard } from "./workbook";

/** Metric namespace of every Data Factory metric. */
export const ADF_METRIC_NAMESPACE = "Microsoft.DataFactory/factories";

/**
 * The failure metrics of a factory (AZURE-FACTS "Data Factory pipelines": Count metrics at PT1M)
 * and the dimension that names what failed: the pipeline for pipeline and activity failures (on
 * `ActivityFailedRuns` `Name` is the activity, `PipelineName` the pipeline), the trigger for
 * trigger failures.
 */
export const FAILURE_METRICS = {
  PipelineFailedRuns: { dimension: "Name", filteredBy: "pipelines" },
  ActivityFailedRuns: { dimension: "PipelineName", filteredBy: "pipelines" },
  TriggerFailedRuns: { dimension: "Name", filteredBy: "triggers" },
} as const;
/** A Data Factory failure metric. */
export type FailureMetric = keyof typeof FAILURE_METRICS;

/** A pipeline on a schedule, given by value when it is not a `ScheduledDataPipeline`. */
export interface ScheduledPipelineReference {
  /** Pipeline name in the factory. */
  readonly pipelineName: string;
  /** The schedule its trigger runs on. */
  readonly schedule: Recurrence;
  /** The schedule trigger's name, for the missed-trigger check. @default - no missed-trigger check */
  readonly triggerName?: string;
}

/** "This pipeline must have succeeded by ...": a freshness alert derived from its schedule. */
export interface PipelineDeadline {
  /** The pipeline; a `ScheduledDataPipeline` must have been created with `schedule`. */
  readonly pipeline: ScheduledDataPipeline | ScheduledPipelineReference;
  /**
   * Wall-clock time (`"06:00"`) in the schedule's time zone by which the run must have succeeded;
   * for daily or weekly schedules with one time of day. Give this or `within`.
   * @default - none
   */
  readonly succeededBy?: string;
  /** How long after each scheduled firing the run must have succeeded. @default - none */
  readonly within?: Duration;
  /**
   * Also alert when the schedule trigger produced no trigger run within `missedTriggerGrace` of a
   * firing (a stopped or broken trigger).
   * @default true
   */
  readonly missedTrigger?: boolean;
  /**
   * At most the shortest time between two firings (else the next firing's trigger run would count
   * for this one).
   * @default Duration.minutes(15), or the time between firings when that is shorter
   */
  readonly missedTriggerGrace?: Duration;
  /** Severity of both alerts. @default 1 */
  readonly severity?: AlertSeverity;
  /** How often Azure runs the query (a log alert frequency). @default Duration.minutes(15) */
  readonly evaluationFrequency?: Duration;
  /** Wait after a deadline before looking, for log ingestion. @default Duration.minutes(10) */
  readonly ingestionDelay?: Duration;
}

/** Where the run logs go. */
export interface DiagnosticsOptions {
  /** An existing Log Analytics workspace (ARM id). @default - a new workspace `${name}-logs` */
  readonly workspaceId?: pulumi.Input<string>;
  /** Retention of the new workspace, 30-730 days. @default 30 */
  readonly retentionInDays?: number;
}

/** A Logic App receiver given by value. */
export interface LogicAppReceiver {
  /** ARM id of the Logic App workflow. */
  readonly workflowId: pulumi.Input<string>;
  /** The HTTP trigger's callback URL (made a Pulumi secret). */
  readonly callbackUrl: pulumi.Input<string>;
}

/** Arguments for `PipelineAlerts`. */
export interface PipelineAlertsArgs {
  /** The factory to watch. */
  readonly factory:
    | DataFactory
    | {
        readonly factoryId: pulumi.Input<string>;
        readonly resourceGroupName: pulumi.Input<string>;
        readonly factoryName?: pulumi.Input<string>;
      };
  /** Resource group of the alerts, workspace and dashboard. @default - the factory's */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** Region of the workspace, log alerts and dashboard. @default - the resource group's region */
  readonly location?: pulumi.Input<string>;
  /**
   * The action group's short name, 1-12 characters (Azure puts it in SMS and email subjects).
   * @default - the first 12 characters of the Pulumi name
   */
  readonly shortName?: string;
  /** Email recipients (plain addresses). @default [] (then `logicApp` is required) */
  readonly emails?: readonly string[];
  /** Also call a Logic App (common alert schema). @default - none */
  readonly logicApp?: LogicAppNotifier | LogicAppReceiver;
  /** Severity of the metric alerts. @default 1 */
  readonly severity?: AlertSeverity;
  /** How often the metric alerts evaluate (PT1M, PT5M, PT15M, PT30M, PT1H). @default Duration.minutes(5) */
  readonly evaluationFrequency?: Duration;
  /** Metric alert look-back (PT1M...P1D, at least the frequency). @default Duration.minutes(5) */
  readonly windowSize?: Duration;
  /** Failure metrics to alert on. @default all three */
  readonly metrics?: readonly FailureMetric[];
  /** Only these pipelines (by name in the factory). @default - every pipeline, one alert each */
  readonly pipelines?: readonly string[];
  /** Only these triggers (by name). @default - every trigger */
  readonly triggers?: readonly string[];
  /** Run logs to Log Analytics; `false` turns them (and deadlines, dashboard) off. @default {} */
  readonly diagnostics?: DiagnosticsOptions | false;
  /** Freshness alerts. @default [] */
  readonly deadlines?: readonly PipelineDeadline[];
  /** An Azure Monitor workbook over the run logs. @default true */
  readonly dashboard?: boolean;
  /**
   * Add training tiles to the workbook: Azure ML jobs from the same Log Analytics workspace (send
   * them there with `TrainingAlerts`).
   * @default false
   */
  readonly trainingTile?: boolean;
  /** Tags for every resource. @default {} */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A deadline, validated and resolved to plain values except the names Azure gives. */
interface ResolvedDeadline {
  readonly spec: Omit<FreshnessSpec, "pipeline" | "trigger" | "kind">;
  readonly pipeline: pulumi.Input<string>;
  readonly trigger?: pulumi.Input<string>;
  readonly missedTrigger: boolean;
  readonly grace: Duration;
  readonly severity: AlertSeverity;
}

/**
 * Defaults of the alerts this package builds (`PipelineAlerts`, `TrainingAlerts`): severity 1,
 * metric alerts evaluated every 5 minutes over 5 minutes, deadline log alerts every 15 minutes
 * allowing 10 minutes of log ingestion, 15 minutes of grace for a missed trigger, 30 days of logs.
 */
export const ALERT_DEFAULTS = {
  severity: 1 as AlertSeverity,
  frequency: Duration.minutes(5),
  window: Duration.minutes(5),
  deadlineFrequency: Duration.minutes(15),
  ingestionDelay: Duration.minutes(10),
  grace: Duration.minutes(15),
  retentionInDays: 30,
};

function resolveDeadline(
  ctx: ValidationContext,
  prefix: string,
  d: PipelineDeadline,
): ResolvedDeadline {
  const check = new Check(ctx);
  check.knownKeys(prefix, d, [
    "pipeline",
    "succeededBy",
    "within",
    "missedTrigger",
    "missedTriggerGrace",
    "severity",
    "evaluationFrequency",
    "ingestionDelay",
  ]);
  check.required(`${prefix}.pipeline`, d?.pipeline);
  const p = d.pipeline;
  let schedule: Recurrence | undefined;
  let pipeline: pulumi.Input<string>;
  let trigger: pulumi.Input<string> | undefined;
  if (p instanceof ScheduledDataPipeline) {
    schedule = p.scheduleTrigger?.recurrence;
    pipeline = p.pipelineName;
    trigger = p.scheduleTrigger?.triggerName;
    check.required(
      `${prefix}.pipeline`,
      schedule,
      "must have a schedule (create it with `schedule`, or pass { pipelineName, schedule })",
    );
  } else {
    check.required(`${prefix}.pipeline.pipelineName`, p.pipelineName);
    check.required(`${prefix}.pipeline.schedule`, p.schedule);
    schedule = p.schedule;
    pipeline = p.pipelineName;
    trigger = p.triggerName;
  }
  check.conflict(
    (d.succeededBy === undefined) === (d.within === undefined),
    `${prefix}.succeededBy`,
    d.succeededBy,
    "and 'within' are exclusive and one is required",
  );
  check.instanceOf(`${prefix}.pipeline.schedule`, schedule, Recurrence, "a Recurrence");
  const within =
    d.within ?? withinFromDeadline(ctx, `${prefix}.succeededBy`, schedule!, d.succeededBy!);
  checkSeverity(check, `${prefix}.severity`, d.severity);
  const spec = {
    recurrence: schedule!,
    within,
    ingestionDelay: d.ingestionDelay ?? ALERT_DEFAULTS.ingestionDelay,
    evaluationFrequency: d.evaluationFrequency ?? ALERT_DEFAULTS.deadlineFrequency,
  };
  checkFreshness(ctx, prefix, { ...spec, kind: "DeadlineAlert", pipeline: "-" });
  // The default grace never exceeds the time between firings (checkFreshness refuses a longer one).
  const gap = shortestFiringGap(schedule!);
  const grace =
    d.missedTriggerGrace ??
    (gap.toSeconds() < ALERT_DEFAULTS.grace.toSeconds() ? gap : ALERT_DEFAULTS.grace);
  const missedTrigger = (d.missedTrigger ?? true) && trigger !== undefined;
  if (missedTrigger) {
    checkFreshness(
      ctx,
      prefix,
      { ...spec, within: grace, kind: "MissedRunAlert", pipeline: "-" },
      `${prefix}.missedTriggerGrace`,
    );
  }
  return {
    spec,
    pipeline,
    trigger,
    missedTrigger,
    grace,
    severity: d.severity ?? ALERT_DEFAULTS.severity,
  };
}

/**
 * Centralised monitoring for a Data Factory: an action group (emails, optional Logic App, common
 * alert schema), metric alerts on failed pipeline, activity and trigger runs (one alert per
 * pipeline or trigger through the `Name` dimension), the run logs in Log Analytics, freshness
 * alerts derived from the pipelines' own schedules ("must have succeeded by 06:00", "the trigger
 * did not fire"), and a workbook listing runs, failures and trigger runs of every pipeline.
 *
 * @example
 * ```ts
 * import {
 *   DataFactory,
 *   PipelineAlerts,
 *   Recurrence,
 *   ScheduledDataPipeline,
 * } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 * const ingest = new ScheduledDataPipeline("forecasting-ingest", {
 *   factory: adf,
 *   activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
 *   schedule: Recurrence.daily({
 *     at: "02:00",
 *     timeZone: "W. Europe Standard Time",
 *   }),
 * });
 *
 * // Failure alerts, run logs in a new workspace, and "the 02:00 run must have succeeded by 06:00".
 * const alerts = new PipelineAlerts("mlops-alerts", {
 *   factory: adf,
 *   shortName: "mlops-ops", // at most 12 characters
 *   emails: ["mlops-oncall@contoso.com"],
 *   deadlines: [{ pipeline: ingest, succeededBy: "06:00" }], // 06:00 in the schedule's zone
 * });
 *
 * export const actionGroupId = alerts.actionGroupId; // route other alerts here too
 * ```
 */
export class PipelineAlerts extends pulumi.ComponentResource {
  /** The action group's ARM id (attach it to other alerts). */
  public readonly actionGroupId: pulumi.Output<string>;
  /** The Log Analytics workspace the run logs go to, if diagnostics are on. */
  public readonly workspaceId?: pulumi.Output<string>;
  /** Metric alert ARM ids, by metric. */
  public readonly metricAlertIds: Record<string, pulumi.Output<string>>;
  /** Log (freshness) alert ARM ids. */
  public readonly freshnessAlertIds: pulumi.Output<string>[];

  constructor(name: string, args: PipelineAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "PipelineAlerts", name };
    const check = new Check(ctx);
    checkArgs(check, args, PIPELINE_ALERTS_OPTIONS);
    check.required("factory", args.factory);
    check.type("deadlines", args.deadlines, "array");
    check.type("dashboard", args.dashboard, "boolean");
    check.type("trainingTile", args.trainingTile, "boolean");
    const shortName = args.shortName ?? name.slice(0, 12);
    checkShortName(check, "shortName", shortName);
    const emails = args.emails ?? [];
    checkEmails(check, "emails", emails);
    check.conflict(
      emails.length === 0 && !args.logicApp,
      "emails",
      emails,
      "must name at least one address when no 'logicApp' is given",
      "An action group without receivers notifies nobody.",
    );
    checkSeverity(check, "severity", args.severity);
    const frequency = args.evaluationFrequency ?? ALERT_DEFAULTS.frequency;
    const window = args.windowSize ?? ALERT_DEFAULTS.window;
    checkMetricAlertTiming(
      check,
      { frequency: "evaluationFrequency", window: "windowSize" },
      frequency,
      window,
    );
    const metrics = args.metrics ?? (Object.keys(FAILURE_METRICS) as FailureMetric[]);
    metrics.forEach((m, i) =>
      check.oneOf(`metrics[${i}]`, m, Object.keys(FAILURE_METRICS) as FailureMetric[]),
    );
    for (const prop of ["pipelines", "triggers"] as const) {
      const list = args[prop];
      if (list === undefined) continue;
      check.type(prop, list, "array");
      check.required(prop, list, "must name at least one item (omit it for all)");
      check.each(prop, list, (v, item) => {
        item.type("", v, "string");
        item.required("", v);
      });
    }
    check.type("diagnostics", args.diagnostics === false ? undefined : args.diagnostics, "object");
    const diagnostics = args.diagnostics === false ? undefined : (args.diagnostics ?? {});
    check.intRange("diagnostics.retentionInDays", diagnostics?.retentionInDays, 30, 730);
    const deadlines = (args.deadlines ?? []).map((d, i) =>
      resolveDeadline(ctx, `deadlines[${i}]`, d),
    );
    check.conflict(
      args.trainingTile === true && (args.dashboard === false || !diagnostics),
      "trainingTile",
      true,
      "needs the dashboard and its run logs (dashboard: false or diagnostics: false turn them off)",
    );
    check.conflict(
      !diagnostics && (deadlines.length > 0 || args.dashboard === true),
      "diagnostics",
      false,
      "must be on for deadlines and the dashboard (they query the run logs)",
    );
    super("mlops:monitoring:PipelineAlerts", name, {}, opts);

    const factoryId =
      args.factory instanceof DataFactory
        ? args.factory.factoryId
        : pulumi.output(args.factory.factoryId);
    const factoryName = pulumi.output(
      args.factory.factoryName ?? factoryId.apply((id) => id.split("/").pop() ?? ""),
    );
    const resourceGroupName = args.resourceGroupName ?? args.factory.resourceGroupName;
    const common = { resourceGroupName, tags: args.tags };

    const logicApp = args.logicApp;
    const actionGroup = new monitor.ActionGroup(
      `${name}-actions`,
      {
        ...common,
        location: "Global",
        enabled: true,
        groupShortName: shortName,
        emailReceivers: emails.map((emailAddress, i) => ({
          name: `email-${i + 1}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        logicAppReceivers: logicApp
          ? [
              {
                name: "logic-app",
                resourceId: logicApp.workflowId,
                callbackUrl: pulumi.secret(logicApp.callbackUrl),
                useCommonAlertSchema: true,
              },
            ]
          : undefined,
      },
      { parent: this },
    );
    this.actionGroupId = actionGroup.id;

    this.metricAlertIds = {};
    for (const metric of metrics) {
      const { dimension, filteredBy } = FAILURE_METRICS[metric];
      const only = args[filteredBy];
      const alert = new monitor.MetricAlert(
        `${name}-${metric.replace(/Runs$/, "").replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}`,
        metricAlertArgs({
          ...common,
          description: `${metric} > 0 on ${only ? only.join(", ") : `every ${filteredBy.slice(0, -1)}`}`,
          severity: args.severity ?? ALERT_DEFAULTS.severity,
          evaluationFrequency: frequency,
          windowSize: window,
          scope: factoryId,
          targetResourceType: ADF_METRIC_NAMESPACE,
          conditions: [
            {
              name: metric,
              metricName: metric,
              metricNamespace: ADF_METRIC_NAMESPACE,
              dimensions: [{ name: dimension, values: only ? [...only] : ["*"] }],
              operator: "GreaterThan",
              threshold: 0,
              timeAggregation: "Total",
            },
          ],
          actionGroupIds: [actionGroup.id],
        }),
        { parent: this },
      );
      this.metricAlertIds[metric] = alert.id;
    }

    this.freshnessAlertIds = [];
    if (diagnostics) {
      const workspaceId =
        diagnostics.workspaceId !== undefined
          ? pulumi.output(diagnostics.workspaceId)
          : new operationalinsights.Workspace(
              `${name}-logs`,
              {
                ...common,
                location: args.location,
                sku: { name: "PerGB2018" },
                retentionInDays: diagnostics.retentionInDays ?? ALERT_DEFAULTS.retentionInDays,
              },
              { parent: this },
            ).id;
      this.workspaceId = workspaceId;
      new monitor.DiagnosticSetting(
        `${name}-diagnostics`,
        {
          resourceUri: factoryId,
          workspaceId,
          logAnalyticsDestinationType: "Dedicated",
          logs: ADF_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
        },
        { parent: this },
      );

      deadlines.forEach((d, i) => {
        const rules: { kind: "DeadlineAlert" | "MissedRunAlert"; within: Duration }[] = [
          { kind: "DeadlineAlert", within: d.spec.within },
          ...(d.missedTrigger ? [{ kind: "MissedRunAlert" as const, within: d.grace }] : []),
        ];
        for (const r of rules) {
          const role = r.kind === "DeadlineAlert" ? "deadline" : "missed-trigger";
          const base = { ...d.spec, within: r.within, kind: r.kind };
          const spec = pulumi.all([factoryName, d.pipeline, d.trigger]).apply(
            ([factory, pipeline, trigger]): FreshnessSpec => ({
              ...base,
              factory,
              pipeline,
              trigger,
            }),
          );
          const rule = new monitor.ScheduledQueryRule(
            `${name}-${role}-${i}`,
            {
              ...common,
              location: args.location,
              kind: "LogAlert",
              enabled: true,
              displayName: spec.apply(
                (s) =>
                  `${s.pipeline}: ${r.kind === "DeadlineAlert" ? "deadline missed" : "trigger did not fire"}`,
              ),
              description: spec.apply(describeFreshness),
              severity: d.severity,
              evaluationFrequency: d.spec.evaluationFrequency.toIsoString(),
              windowSize: freshnessWindow(ctx, `deadlines[${i}].within`, {
                ...base,
                pipeline: "-",
              }),
              scopes: [workspaceId],
              // The ADF tables appear with the first logs; a rule created before would fail validation.
              skipQueryValidation: true,
              autoMitigate: false,
              criteria: {
                allOf: [
                  {
                    query: spec.apply(freshnessQuery),
                    timeAggregation: "Count",
                    operator: "GreaterThan",
                    threshold: 0,
                    failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
                  },
                ],
              },
              actions: { actionGroups: [actionGroup.id] },
            },
            { parent: this },
          );
          this.freshnessAlertIds.push(rule.id);
        }
      });

      if (args.dashboard ?? true) {
        const title = `Data Factory runs (${name})`;
        new applicationinsights.Workbook(
          `${name}-dashboard`,
          {
            ...common,
            location: args.location,
            // Workbook names are GUIDs; derive it so every deploy keeps the same workbook.
            resourceName: uuidV5(`workbook|${name}`, "6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            kind: "shared",
            category: "workbook",
            displayName: title,
            sourceId: workspaceId.apply((id) => id.toLowerCase()),
            serializedData: workspaceId.apply((id) =>
              buildDashboard(title, id, { training: args.trainingTile ?? false }),
            ),
          },
          { parent: this },
        );
      }
    }
    this.registerOutputs({
      actionGroupId: this.actionGroupId,
      workspaceId: this.workspaceId,
      metricAlertIds: this.metricAlertIds,
      freshnessAlertIds: this.freshnessAlertIds,
    });
  }
}
