export * from "./limits";
export * from "./freshness";
export * from "./notifier";
export * from "./workbook";
export * from "./alerts";
export * from "./metric-alert";
