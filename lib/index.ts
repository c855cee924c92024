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
