import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { Check } from "../core/errors";
import { checkArgs, componentOptions, Opt } from "../core/options";
import {
  ACTIVITIES,
  DATA_AVAILABILITY,
  FACTORY_REFERENCE,
  PIPELINE_NOTIFICATIONS,
  PIPELINE_PARAMETER,
  RETRY_DEFAULTS,
} from "./option-shapes";
import { checkName, NAMING_RULES } from "../core/naming";
import { Recurrence } from "../core/recurrence";
import {
  Activity,
  buildPipelineActivities,
  DataAvailabilityGate,
  PipelineNotifications,
  RetryDefaults,
} from "./activities";
import { checkFactoryInput, factoryCoordinates, FactoryInput } from "./factory";
import { ScheduleTrigger } from "./triggers";

/** Pipeline parameter types (azure-native `ParameterType`). */
const PARAMETER_TYPES = [
  "String",
  "Int",
  "Float",
  "Bool",
  "Array",
  "Object",
  "SecureString",
] as const;

/** A pipeline parameter declaration. */
export interface PipelineParameter {
  /** The parameter's Data Factory type. */
  readonly type: (typeof PARAMETER_TYPES)[number];
  /** Value used when the trigger passes none. @default - none (the trigger must pass a value) */
  readonly defaultValue?: pulumi.Input<any>;
}

/** Something with a callback URL to POST to, such as a `LogicAppNotifier`. */
export interface NotificationTarget {
  /** The URL (a Pulumi secret). */
  readonly callbackUrl: pulumi.Input<string>;
}

/** `notifications` of a pipeline: a URL, or a target such as a `LogicAppNotifier`, to POST to. */
export interface PipelineNotificationsArgs extends Omit<PipelineNotifications, "url"> {
  /** A URL (for example a Logic App callback URL), or a `LogicAppNotifier`. */
  readonly url: pulumi.Input<string> | NotificationTarget;
}

/** The notifications the activity builder takes: a target becomes its callback URL. */
export function notificationsFor(
  n: PipelineNotificationsArgs | undefined,
): PipelineNotifications | undefined {
  if (!n) return undefined;
  const url = n.url;
  // Outputs lift every property access, so they are ruled out before looking for `callbackUrl`.
  const target =
    typeof url === "object" &&
    url !== null &&
    !pulumi.Output.isInstance(url) &&
    "callbackUrl" in url;
  return {
    ...n,
    url: target ? (url as NotificationTarget).callbackUrl : (url as pulumi.Input<string>),
  };
}

/** Arguments for `ScheduledDataPipeline`. */
export interface ScheduledDataPipelineArgs {
  /** The factory the pipeline lives in. */
  readonly factory: FactoryInput;
  /**
   * Pipeline name in the factory (1-260 characters, no `<>*#.%&:\+?/`).
   * @default - the Pulumi name
   */
  readonly pipelineName?: string;
  /** The processing steps, as azure-native activity args (`type: "Copy"`, `"DatabricksNotebook"`...). */
  readonly activities: readonly Activity[];
  /**
   * Retry policy for every activity that can fail transiently (Copy, Lookup, notebooks, Web...).
   * @default { count: 3, interval: Duration.seconds(30) }
   */
  readonly retry?: RetryDefaults;
  /** Check that input data is there before the first activity. @default - no gate */
  readonly dataAvailability?: DataAvailabilityGate;
  /**
   * POST to a URL (or a `LogicAppNotifier`) when a run starts / succeeds / fails.
   * @default - no notifications
   */
  readonly notifications?: PipelineNotificationsArgs;
  /** Pipeline parameters. @default {} */
  readonly parameters?: Record<string, PipelineParameter>;
  /**
   * Runs of this pipeline allowed at once; later ones queue. One keeps scheduled runs from
   * overlapping (a slow run delays the next instead of racing it).
   * @default 1
   */
  readonly concurrency?: number;
  /** Folder in ADF Studio. @default - none */
  readonly folder?: string;
  /** Description. @default - none */
  readonly description?: pulumi.Input<string>;
  /**
   * Shortcut: also create a `ScheduleTrigger` named `${name}-schedule` that starts this pipeline.
   * @default - no trigger (attach triggers separately)
   */
  readonly schedule?: Recurrence;
  /**
   * Whether the `schedule` trigger is started on deploy.
   * @default true
   */
  readonly scheduleActivated?: boolean;
}

const ARGS_SHAPE = componentOptions<ScheduledDataPipelineArgs>("ScheduledDataPipeline", {
  factory: FACTORY_REFERENCE,
  pipelineName: Opt.value,
  activities: ACTIVITIES,
  retry: RETRY_DEFAULTS,
  dataAvailability: DATA_AVAILABILITY,
  notifications: PIPELINE_NOTIFICATIONS,
  parameters: Opt.map(PIPELINE_PARAMETER),
  concurrency: Opt.value,
  folder: Opt.value,
  description: Opt.value,
  schedule: Opt.value,
  scheduleActivated: Opt.value,
});

/**
 * A Data Factory pipeline with the practices applied: three retries on every activity that can
 * fail transiently, an optional data-availability gate, optional start / success / failure
 * notifications (a notified failure still fails the run, so Azure Monitor sees it), one run at a
 * time by default, and an optional schedule.
 *
 * @example
 * ```ts
 * import {
 *   DataFactory,
 *   Duration,
 *   Recurrence,
 *   ScheduledDataPipeline,
 * } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // Daily at 02:00 Berlin time once the input exists; notifications on start, success, failure.
 * new ScheduledDataPipeline("forecasting-ingest", {
 *   factory: adf,
 *   activities: [
 *     {
 *       name: "CopyRawSales",
 *       type: "Copy",
 *       inputs: [{ referenceName: "RawSales", type: "DatasetReference" }],
 *       outputs: [{ referenceName: "CuratedSales", type: "DatasetReference" }],
 *       source: { type: "ParquetSource" },
 *       sink: { type: "ParquetSink" },
 *     },
 *   ],
 *   dataAvailability: { dataset: "RawSales", timeout: Duration.hours(2) },
 *   notifications: { url: "https://example.invalid/notify" },
 *   schedule: Recurrence.daily({
 *     at: "02:00",
 *     timeZone: "W. Europe Standard Time",
 *   }),
 * });
 * ```
 */
export class ScheduledDataPipeline extends pulumi.ComponentResource {
  /** The pipeline name in the factory. */
  public readonly pipelineName: pulumi.Output<string>;
  /** The pipeline's ARM id. */
  public readonly pipelineId: pulumi.Output<string>;
  /** Declared parameter names (trigger components check against them). */
  public readonly parameterNames: string[];
  /** The trigger created by `schedule`, if any. */
  public readonly scheduleTrigger?: ScheduleTrigger;

  constructor(
    name: string,
    args: ScheduledDataPipelineArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const ctx = { component: "ScheduledDataPipeline", name };
    const check = new Check(ctx);
    checkArgs(check, args, ARGS_SHAPE);
    checkFactoryInput(check, "factory", args.factory);
    check.type("pipelineName", args.pipelineName, "string");
    checkName(ctx, "pipelineName", args.pipelineName ?? name, NAMING_RULES.factoryChild);
    check.intRange("concurrency", args.concurrency, 1, 100);
    check.type("folder", args.folder, "string");
    check.type("description", args.description, "string", { deferred: true });
    check.type("parameters", args.parameters, "object");
    for (const [key, p] of Object.entries(args.parameters ?? {})) {
      check.type(`parameters.${key}`, p, "object");
      check.oneOf(`parameters.${key}.type`, p.type, PARAMETER_TYPES);
    }
    check.instanceOf("schedule", args.schedule, Recurrence, "a Recurrence (Recurrence.daily(...))");
    check.type("scheduleActivated", args.scheduleActivated, "boolean");
    const warnings: string[] = [];
    const built = buildPipelineActivities(
      {
        activities: args.activities,
        retry: args.retry,
        dataAvailability: args.dataAvailability,
        notifications: notificationsFor(args.notifications),
      },
      ctx,
      (m) => warnings.push(m),
    );
    if (args.schedule) {
      // The pipeline itself stands in for the trigger's target: only the trigger's own rules run.
      ScheduleTrigger.validate(`${name}-schedule`, {
        factory: args.factory,
        recurrence: args.schedule,
        pipelines: [{ pipeline: args.pipelineName ?? name }],
      });
    }
    super("mlops:datafactory:ScheduledDataPipeline", name, {}, opts);
    for (const w of warnings) pulumi.log.warn(`ScheduledDataPipeline '${name}': ${w}`, this);

    const f = factoryCoordinates(args.factory);
    const pipeline = new datafactory.Pipeline(
      `${name}-pipeline`,
      {
        resourceGroupName: f.resourceGroupName,
        factoryName: f.factoryName,
        pipelineName: args.pipelineName ?? name,
        activities: built.activities as any,
        parameters: args.parameters as any,
        variables: Object.keys(built.variables).length ? built.variables : undefined,
        concurrency: args.concurrency ?? 1,
        description: args.description,
        folder: args.folder ? { name: args.folder } : undefined,
      },
      { parent: this },
    );
    this.pipelineName = pipeline.name;
    this.pipelineId = pipeline.id;
    this.parameterNames = Object.keys(args.parameters ?? {});

    if (args.schedule) {
      this.scheduleTrigger = new ScheduleTrigger(
        `${name}-schedule`,
        {
          factory: args.factory,
          recurrence: args.schedule,
          pipelines: [this],
          activated: args.scheduleActivated,
        },
        { parent: this },
      );
    }
    this.registerOutputs({ pipelineName: this.pipelineName, pipelineId: this.pipelineId });
  }
}
