/**
 * Typed Pulumi components for the scheduled work of an MLOps platform on Azure, and an offline
 * plan of every schedule.
 *
 * **Where to start.** The components are the classes that build Azure resources:
 * {@link DataFactory}, {@link ScheduledDataPipeline}, the triggers ({@link ScheduleTrigger},
 * {@link TumblingWindowTrigger}, {@link StorageEventTrigger}, {@link CustomEventTrigger}),
 * {@link PipelineAlerts}, {@link LogicAppNotifier}, {@link SearchIndexerSchedule},
 * {@link TrainingCluster}, {@link TrainingSchedule}, {@link TrainOnDataArrival},
 * {@link ShadowDeployment}, {@link ModelBackupVault} and {@link DataBackupSchedule}, plus
 * {@link grantRole} for role assignments. Each component's page has a complete example; its
 * constructor is `new Component(name, args, opts?)`, where `name` is the Pulumi name (children are
 * named `${name}-<role>`), `args` is the `<Component>Args` interface linked from the page (every
 * option with its default), and `opts` are Pulumi's `ComponentResourceOptions`. Schedules are
 * written with the value objects {@link Recurrence}, {@link Duration} and {@link TimeZone}. Bad
 * input throws a {@link ValidationError} before anything is registered.
 *
 * The rest serves the offline plan ({@link runPlan}, {@link buildPlan}, {@link PlanDocument}), the
 * best-practice rules ({@link RULES}, {@link evaluate}, {@link crossGuardPolicies}) and the
 * trigger activation internals. The package README has the quick start and the guide
 * (`docs/guide`) the longer topics.
 *
 * @packageDocumentation
 */
export * from "./core";
export * from "./schedule";
export * from "./identity";
export * from "./datafactory";
export * from "./backup";
export * from "./search";
export * from "./ml";
export * from "./plan";
export * from "./policy";
export * from "./monitoring";
// Types of the plan's cost fields (the cost module itself is internal).
export type { MeterId, Price, PriceTable } from "./cost/prices";
export type {
  BackupStorageCost,
  ComponentCost,
  CostPeriods,
  CostLine,
  PlanCost,
  ScheduleCost,
} from "./cost/usage";
export type { Tier, TierGB } from "./cost/storage";
export type { CostBudget } from "./cost/budget";
export type { CostDelta } from "./plan/render-cost";
